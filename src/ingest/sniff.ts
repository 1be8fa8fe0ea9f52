/**
 * Format detection from content (magic bytes), and the format a file name or media type claims,
 * so the two can be compared (ASVS 5.2.2: magic bytes must agree with the extension).
 */

/** What the leading bytes say. */
export type ContentKind = "pdf" | "zip" | "ole" | "rtf" | "other-binary" | "text";

/** What the file name or media type says. */
export type ClaimedKind = "pdf" | "docx" | "html" | "text" | "legacy-office" | undefined;

function startsWith(bytes: Uint8Array, sig: number[], at = 0): boolean {
  return sig.every((b, i) => bytes[at + i] === b);
}

const BINARY_SIGNATURES: number[][] = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF8
  [0x49, 0x49, 0x2a, 0x00], // TIFF
  [0x4d, 0x4d, 0x00, 0x2a], // TIFF
  [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], // 7z
  [0x52, 0x61, 0x72, 0x21], // Rar!
  [0x1f, 0x8b], // gzip
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x25, 0x21, 0x50, 0x53], // %!PS
  [0x52, 0x49, 0x46, 0x46], // RIFF (WebP, WAV, AVI)
];

/** Classifies the content by its leading bytes. `%PDF-` may follow up to 1 KiB of junk. */
export function sniffContent(bytes: Uint8Array, isPdf: (b: Uint8Array) => boolean): ContentKind {
  if (isPdf(bytes)) return "pdf";
  if (startsWith(bytes, [0x50, 0x4b]) && [0x0304, 0x0506, 0x0708].includes((bytes[2]! << 8) | bytes[3]!)) {
    return "zip";
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return "ole";
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return "rtf"; // {\rtf
  if (BINARY_SIGNATURES.some((sig) => startsWith(bytes, sig))) return "other-binary";
  return "text";
}

const EXTENSIONS: Record<string, ClaimedKind> = {
  pdf: "pdf",
  docx: "docx",
  docm: "docx",
  dotx: "docx",
  htm: "html",
  html: "html",
  shtml: "html",
  xhtml: "html",
  txt: "text",
  text: "text",
  doc: "legacy-office",
  wps: "legacy-office",
  rtf: "legacy-office",
};

const MEDIA_TYPES: Record<string, ClaimedKind> = {
  "application/pdf": "pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "text/html": "html",
  "application/xhtml+xml": "html",
  "text/plain": "text",
  "application/msword": "legacy-office",
};

/** The format a file name's extension or a media type claims (the extension wins). */
export function claimedKind(filename?: string, mediaType?: string): ClaimedKind {
  const ext = filename?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (ext && EXTENSIONS[ext]) return EXTENSIONS[ext];
  const type = mediaType?.split(";")[0]?.trim().toLowerCase();
  return type ? MEDIA_TYPES[type] : undefined;
}

/** True when decoded text is an HTML document rather than plain text. */
export function looksLikeHtml(text: string, claimedHtml: boolean): boolean {
  const head = text.slice(0, 4096);
  if (/^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b/i.test(head)) return true;
  if (/<(?:html|body)\b[^>]*>/i.test(head)) return true;
  return claimedHtml && /<(?:p|div|table|br|span)\b[^>]*>/i.test(head);
}

/** True when an OLE compound file holds an `EncryptedPackage` stream (a password-protected DOCX/XLSX). */
export function isEncryptedOle(bytes: Uint8Array): boolean {
  const needle = Buffer.from("EncryptedPackage", "utf16le");
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(needle) !== -1;
}
