/**
 * A streaming XML reader for OOXML parts on top of saxes. saxes does not expand DTD entities;
 * we go further and refuse any DOCTYPE (billion laughs, XXE) with `INGEST_XML_DTD`.
 */
import { SaxesParser } from "saxes";
import type { Deadline } from "./deadline.js";
import { IngestError } from "./errors.js";

/** Callbacks of `readXml`; element names are qualified as written (`w:p`). */
export interface XmlHandlers {
  open(name: string, attrs: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
}

const CHUNK = 1 << 18;

/** Decodes an XML part: UTF-8 unless a BOM or the declaration says UTF-16. */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  return new TextDecoder("utf-8").decode(bytes);
}

/**
 * Parses one XML part, calling the handlers; checks the deadline between chunks.
 * Throws `INGEST_XML_DTD` on a DOCTYPE and `INGEST_CORRUPT_DOCX` when the XML is not well formed.
 */
export function readXml(bytes: Uint8Array, part: string, handlers: XmlHandlers, deadline: Deadline): void {
  const xml = decodeXml(bytes);
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on("doctype", () => {
    throw new IngestError("INGEST_XML_DTD", `DOCTYPE in ${part}`);
  });
  parser.on("opentag", (tag) => handlers.open(tag.name, tag.attributes));
  parser.on("closetag", (tag) => handlers.close(tag.name));
  parser.on("text", (t) => handlers.text(t));
  parser.on("cdata", (t) => handlers.text(t));
  try {
    for (let i = 0; i < xml.length;) {
      deadline.check();
      let end = Math.min(xml.length, i + CHUNK);
      const last = xml.charCodeAt(end - 1);
      if (last >= 0xd800 && last <= 0xdbff) end++; // keep surrogate pairs whole
      parser.write(xml.slice(i, end));
      i = end;
    }
    parser.close();
  } catch (e) {
    if (e instanceof IngestError) throw e;
    throw new IngestError("INGEST_CORRUPT_DOCX", `${part}: ${(e as Error).message}`, { cause: e });
  }
}
