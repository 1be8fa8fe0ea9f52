/** Why `ingest()` refused an input. Each code has a fixed one-line reason in Chinese and English. */
export type IngestErrorCode =
  | "INGEST_TOO_LARGE"
  | "INGEST_EMPTY"
  | "INGEST_UNKNOWN_FORMAT"
  | "INGEST_UNSUPPORTED_FORMAT"
  | "INGEST_FORMAT_MISMATCH"
  | "INGEST_ENCODING_UNKNOWN"
  | "INGEST_ZIP_LIMIT"
  | "INGEST_ZIP_UNSAFE"
  | "INGEST_CORRUPT_DOCX"
  | "INGEST_XML_DTD"
  | "INGEST_ENCRYPTED"
  | "INGEST_NOT_PDF"
  | "INGEST_CORRUPT_PDF"
  | "INGEST_PDF_NO_TEXT"
  | "INGEST_PDF_TOO_MANY_PAGES"
  | "INGEST_OUTPUT_TOO_LARGE"
  | "INGEST_TIMEOUT";

const MESSAGES: Record<IngestErrorCode, readonly [zh: string, en: string]> = {
  INGEST_TOO_LARGE: ["文件过大，超过允许的上限。", "The file is larger than the allowed maximum."],
  INGEST_EMPTY: ["文件为空或没有可读取的正文。", "The file is empty or has no readable text."],
  INGEST_UNKNOWN_FORMAT: [
    "无法识别的文件格式（支持 TXT、HTML、DOCX、PDF）。",
    "Unrecognised file format (TXT, HTML, DOCX and PDF are supported).",
  ],
  INGEST_UNSUPPORTED_FORMAT: [
    "不支持此文件格式，请另存为 DOCX、PDF 或 HTML 后再上传。",
    "This file format is not supported; save it as DOCX, PDF or HTML and upload again.",
  ],
  INGEST_FORMAT_MISMATCH: [
    "文件扩展名与文件内容不符。",
    "The file extension does not match the file content.",
  ],
  INGEST_ENCODING_UNKNOWN: [
    "无法识别文本编码（支持 UTF-8、UTF-16、GB18030/GBK、Big5）。",
    "Unknown text encoding (UTF-8, UTF-16, GB18030/GBK and Big5 are supported).",
  ],
  INGEST_ZIP_LIMIT: [
    "压缩包超出安全限制（条目数、解压大小或压缩比过大），已拒绝。",
    "The archive exceeds the safety limits (entries, unpacked size or compression ratio).",
  ],
  INGEST_ZIP_UNSAFE: [
    "压缩包含有不安全的内容（加密、ZIP64 或非法路径），已拒绝。",
    "The archive has unsafe content (encryption, ZIP64 or an illegal path).",
  ],
  INGEST_CORRUPT_DOCX: ["Word 文档已损坏或不完整，无法读取。", "The Word document is damaged or incomplete."],
  INGEST_XML_DTD: [
    "文档含有 DOCTYPE/ENTITY 声明，出于安全原因已拒绝。",
    "The document contains a DOCTYPE/ENTITY declaration and was refused for safety.",
  ],
  INGEST_ENCRYPTED: [
    "文件已加密或受密码保护，请解密后再上传。",
    "The file is encrypted or password-protected; remove the protection and upload again.",
  ],
  INGEST_NOT_PDF: ["文件扩展名为 PDF，但内容不是 PDF 文件。", "The file is named as a PDF but is not a PDF."],
  INGEST_CORRUPT_PDF: ["PDF 文件已损坏，无法读取。", "The PDF file is damaged and cannot be read."],
  INGEST_PDF_NO_TEXT: [
    "PDF 没有文字层（可能是扫描件），请先做文字识别（OCR）或上传 Word 原件。",
    "The PDF has no text layer (probably a scan); run OCR first or upload the Word original.",
  ],
  INGEST_PDF_TOO_MANY_PAGES: ["PDF 页数过多，超过允许的上限。", "The PDF has more pages than allowed."],
  INGEST_OUTPUT_TOO_LARGE: [
    "提取出的正文过长，超过允许的上限。",
    "The extracted text is longer than the allowed maximum.",
  ],
  INGEST_TIMEOUT: ["文件处理超时，已停止。", "Processing the file took too long and was stopped."],
};

/** The typed rejection of `ingest()`: a stable `code` plus one-line reasons in Chinese and English. */
/** Whether `code` is one of ingest's reasons (a code that crossed a thread boundary as a string). */
export function isIngestErrorCode(code: unknown): code is IngestErrorCode {
  return typeof code === "string" && Object.hasOwn(MESSAGES, code);
}

export class IngestError extends Error {
  /** Stable machine-readable reason. */
  readonly code: IngestErrorCode;
  /** One-line reason for the user, in Chinese. */
  readonly messageZh: string;
  /** One-line reason in English. */
  readonly messageEn: string;
  /** Technical detail for logs (never shown to users as the reason). */
  readonly detail: string | undefined;

  constructor(code: IngestErrorCode, detail?: string, options?: { cause?: unknown }) {
    const [zh, en] = MESSAGES[code];
    super(detail ? `${code}: ${en} (${detail})` : `${code}: ${en}`, options);
    this.name = "IngestError";
    this.code = code;
    this.messageZh = zh;
    this.messageEn = en;
    this.detail = detail;
  }
}

/** True when `e` is an IngestError (optionally with the given code). */
export function isIngestError(e: unknown, code?: IngestErrorCode): e is IngestError {
  return e instanceof IngestError && (code === undefined || e.code === code);
}
