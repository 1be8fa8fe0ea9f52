/**
 * ingest: bytes in, text out. Detects the format from the content, decodes text (BOM → strict
 * UTF-8 → declared charset → GB18030 → Big5), turns HTML/DOCX/PDF into one-paragraph-per-line text
 * with tables as TAB rows, and refuses what it cannot read with a typed IngestError.
 */
import { cleanCharacters } from "./clean.js";
import { Deadline } from "./deadline.js";
import { docxToText, MAX_TEXT_CHARS, mainDocumentPart } from "./docx.js";
import { charsetFromMediaType, decodeBytes, hasBom, looksBinary, sniffDeclaredCharset } from "./encoding.js";
import { IngestError } from "./errors.js";
import { htmlToText } from "./html.js";
import { isPdf, pdfToText } from "./pdf.js";
import { normalizeScript } from "./script.js";
import { claimedKind, isEncryptedOle, looksLikeHtml, sniffContent } from "./sniff.js";
import type {
  EncodingInfo,
  IngestDiagnostic,
  IngestFacts,
  IngestFormat,
  IngestOptions,
  IngestResult,
} from "./types.js";
import { ZipReader } from "./zip.js";

export { IngestError, isIngestError, type IngestErrorCode } from "./errors.js";
export { toParseFacts } from "./facts.js";
export type {
  EncodingInfo,
  IngestDiagnostic,
  IngestFacts,
  IngestFormat,
  IngestHeading,
  IngestOptions,
  IngestResult,
  IngestSeverity,
} from "./types.js";

/** Default `maxBytes`: 50 MiB. */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
/** Default `timeoutMs` for DOCX and PDF work: 30 s. */
export const DEFAULT_TIMEOUT_MS = 30_000;

interface Extracted {
  text: string;
  format: IngestFormat;
  encoding?: EncodingInfo;
  facts: IngestFacts;
  diagnostics: IngestDiagnostic[];
}

function readZip(bytes: Uint8Array, claimedDocx: boolean, deadline: Deadline): Extracted {
  const zip = new ZipReader(bytes, deadline);
  if (!mainDocumentPart(zip, deadline)) {
    if (claimedDocx) throw new IngestError("INGEST_CORRUPT_DOCX", "ZIP without word/document.xml");
    const office = zip.has("xl/workbook.xml") || zip.has("ppt/presentation.xml") || zip.has("content.xml");
    throw new IngestError(
      office ? "INGEST_UNSUPPORTED_FORMAT" : "INGEST_UNKNOWN_FORMAT",
      "ZIP but not a DOCX",
    );
  }
  return { format: "docx", ...docxToText(zip, deadline) };
}

function readText(bytes: Uint8Array, options: IngestOptions, claimedHtml: boolean): Extracted {
  if (!hasBom(bytes) && looksBinary(bytes)) throw new IngestError("INGEST_UNKNOWN_FORMAT", "binary data");
  const declared = charsetFromMediaType(options.mediaType) ?? sniffDeclaredCharset(bytes);
  const decoded = decodeBytes(bytes, declared);
  if (looksLikeHtml(decoded.text, claimedHtml)) {
    const html = htmlToText(decoded.text);
    return {
      format: "html",
      text: html.text,
      encoding: decoded.encoding,
      facts: html.facts,
      diagnostics: [...decoded.diagnostics, ...html.diagnostics],
    };
  }
  return {
    format: "text",
    text: decoded.text,
    encoding: decoded.encoding,
    facts: {},
    diagnostics: decoded.diagnostics,
  };
}

/**
 * Reads a document's bytes into text. Resolves with the text, the detected format, the encoding
 * (text and HTML), facts and diagnostics; rejects with an IngestError for input it refuses.
 */
export async function ingest(bytes: Uint8Array, options: IngestOptions = {}): Promise<IngestResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) {
    throw new IngestError("INGEST_TOO_LARGE", `${bytes.length} bytes > ${maxBytes}`);
  }
  if (bytes.length === 0) throw new IngestError("INGEST_EMPTY", "0 bytes");
  const deadline = new Deadline(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const claimed = claimedKind(options.filename, options.mediaType);
  const content = sniffContent(bytes, isPdf);

  if (claimed === "pdf" && content !== "pdf")
    throw new IngestError("INGEST_NOT_PDF", `content is ${content}`);
  if (claimed === "docx" && content !== "zip") {
    if (content === "ole" && isEncryptedOle(bytes))
      throw new IngestError("INGEST_ENCRYPTED", "encrypted OOXML");
    if (content === "text" || content === "other-binary") {
      throw new IngestError("INGEST_CORRUPT_DOCX", `named .docx but content is ${content}`);
    }
    if (content === "pdf") throw new IngestError("INGEST_FORMAT_MISMATCH", "named .docx but content is pdf");
  }
  if ((claimed === "html" || claimed === "text") && content !== "text") {
    throw new IngestError("INGEST_FORMAT_MISMATCH", `named ${claimed} but content is ${content}`);
  }

  let extracted: Extracted;
  switch (content) {
    case "pdf":
      extracted = { format: "pdf", ...(await pdfToText(bytes, deadline)) };
      break;
    case "zip":
      extracted = readZip(bytes, claimed === "docx", deadline);
      break;
    case "ole":
      if (isEncryptedOle(bytes)) throw new IngestError("INGEST_ENCRYPTED", "encrypted OOXML");
      throw new IngestError("INGEST_UNSUPPORTED_FORMAT", "OLE compound file (.doc/.wps/.xls)");
    case "rtf":
      throw new IngestError("INGEST_UNSUPPORTED_FORMAT", "RTF");
    case "other-binary":
      throw new IngestError("INGEST_UNSUPPORTED_FORMAT", "image or archive");
    case "text":
      extracted = readText(bytes, options, claimed === "html");
      break;
  }

  const cleaned = cleanCharacters(extracted.text);
  const script = await normalizeScript(cleaned.text);
  for (const key of Object.keys(extracted.facts) as (keyof IngestFacts)[]) {
    const v = extracted.facts[key];
    if (typeof v === "string")
      (extracted.facts as Record<string, unknown>)[key] = script.apply(cleanCharacters(v).text);
  }
  const text = script.text;
  if (text.trim() === "") throw new IngestError("INGEST_EMPTY", `${extracted.format} without text`);
  if (text.length > MAX_TEXT_CHARS) throw new IngestError("INGEST_OUTPUT_TOO_LARGE", `${text.length} chars`);
  const result: IngestResult = {
    text,
    format: extracted.format,
    facts: extracted.facts,
    diagnostics: [...extracted.diagnostics, ...cleaned.diagnostics, ...script.diagnostics],
  };
  if (extracted.encoding) result.encoding = extracted.encoding;
  return result;
}
