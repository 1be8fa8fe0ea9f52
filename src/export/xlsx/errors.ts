/** Why `readWorkLedger()` refused a file. Each code has a fixed one-line reason in Chinese and English. */
export type XlsxErrorCode =
  | "XLSX_TOO_LARGE"
  | "XLSX_NOT_XLSX"
  | "XLSX_LEGACY_OR_ENCRYPTED"
  | "XLSX_CORRUPT"
  | "XLSX_ZIP_LIMIT"
  | "XLSX_ZIP_UNSAFE"
  | "XLSX_NO_LEDGER_SHEET";

const MESSAGES: Record<XlsxErrorCode, readonly [zh: string, en: string]> = {
  XLSX_TOO_LARGE: ["文件过大，超过允许的上限。", "The file is larger than the allowed maximum."],
  XLSX_NOT_XLSX: [
    "文件不是 Excel 工作簿（.xlsx），请使用导出的工作台账填写后上传。",
    "The file is not an Excel workbook (.xlsx); fill in the exported ledger and upload it.",
  ],
  XLSX_LEGACY_OR_ENCRYPTED: [
    "文件是旧版 .xls 格式或已加密，请在 Excel 中解除密码并另存为 .xlsx 后再上传。",
    "The file is a legacy .xls or encrypted; remove the password and save it as .xlsx.",
  ],
  XLSX_CORRUPT: ["Excel 文件已损坏或不完整，无法读取。", "The Excel file is damaged or incomplete."],
  XLSX_ZIP_LIMIT: [
    "Excel 文件超出安全限制（条目数、解压大小或压缩比过大），已拒绝。",
    "The workbook exceeds the safety limits (entries, unpacked size or compression ratio).",
  ],
  XLSX_ZIP_UNSAFE: [
    "Excel 文件含有不安全的内容（ZIP64 或非法路径），已拒绝。",
    "The workbook has unsafe content (ZIP64 or an illegal path).",
  ],
  XLSX_NO_LEDGER_SHEET: [
    "未找到工作台账：没有一张工作表同时含有“行标识”列和“状态”“进度”等表头，请使用系统导出的台账填写。",
    "No work ledger found: no sheet has the row-key column and the ledger headers.",
  ],
};

/** The typed rejection of `readWorkLedger()`: a stable `code` plus one-line reasons in Chinese and English. */
export class XlsxImportError extends Error {
  /** Stable machine-readable reason. */
  readonly code: XlsxErrorCode;
  /** One-line reason for the user, in Chinese. */
  readonly messageZh: string;
  /** One-line reason in English. */
  readonly messageEn: string;
  /** Technical detail for logs (never shown to users as the reason). */
  readonly detail: string | undefined;

  constructor(code: XlsxErrorCode, detail?: string, options?: { cause?: unknown }) {
    const [zh, en] = MESSAGES[code];
    super(detail ? `${code}: ${en} (${detail})` : `${code}: ${en}`, options);
    this.name = "XlsxImportError";
    this.code = code;
    this.messageZh = zh;
    this.messageEn = en;
    this.detail = detail;
  }
}

/** True when `e` is an XlsxImportError (optionally with the given code). */
export function isXlsxImportError(e: unknown, code?: XlsxErrorCode): e is XlsxImportError {
  return e instanceof XlsxImportError && (code === undefined || e.code === code);
}
