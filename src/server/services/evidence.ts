/**
 * The upload gate for evidence files: the same size limit and file-name clean-up as documents, and
 * the content sniffed rather than trusted — PDF, Office (zip), PNG, JPEG or plain text; anything
 * else (executables, HTML, legacy OLE with macros) is refused.
 */
import { isPdf } from "../../ingest/pdf.js";
import { sniffContent } from "../../ingest/sniff.js";
import { ApiError } from "../errors.js";
import { cleanFilename } from "./documents.js";

const PNG = [0x89, 0x50, 0x4e, 0x47];
const JPEG = [0xff, 0xd8, 0xff];

function startsWith(bytes: Uint8Array, sig: readonly number[]): boolean {
  return sig.every((b, i) => bytes[i] === b);
}

const ZIP_TYPES: Record<string, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
};

/** The cleaned name and the media type the content shows, or 413/415. */
export function gateEvidence(
  bytes: Uint8Array,
  filename: string,
  maxBytes: number,
): { filename: string; mediaType: string } {
  if (bytes.byteLength > maxBytes) throw new ApiError(413, "PAYLOAD_TOO_LARGE");
  if (bytes.byteLength === 0) throw new ApiError(400, "VALIDATION_FAILED", "文件为空");
  const name = cleanFilename(filename);
  const ext = name.split(".").pop()?.toLowerCase() ?? "";
  if (startsWith(bytes, PNG)) return { filename: name, mediaType: "image/png" };
  if (startsWith(bytes, JPEG)) return { filename: name, mediaType: "image/jpeg" };
  const kind = sniffContent(bytes, isPdf);
  if (kind === "pdf") return { filename: name, mediaType: "application/pdf" };
  if (kind === "zip") return { filename: name, mediaType: ZIP_TYPES[ext] ?? "application/zip" };
  // The sniffer calls anything without a known signature text; real text has no NUL bytes, so an
  // executable (MZ, ELF) or any other binary renamed .txt stops here.
  if (kind === "text" && !bytes.subarray(0, 64 * 1024).includes(0)) {
    const head = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 1024)).toLowerCase();
    if (!/<(html|script|svg|!doctype)/.test(head))
      return { filename: name, mediaType: "text/plain; charset=utf-8" };
  }
  throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "佐证材料只接受 PDF、Word/Excel、PNG、JPEG 或纯文本文件");
}
