/**
 * What a filled-in cell says, whatever people did to it: rich text, hyperlinks, formulas (their
 * cached result, never evaluated), numbers stored as text, full-width digits, percent formats.
 */
import type ExcelJS from "exceljs";

/** A cell's content as the user sees it, or `{ formulaWithoutResult }` when there is nothing cached. */
export type CellReading =
  | { kind: "empty" }
  | { kind: "text"; text: string }
  | { kind: "number"; value: number; percent: boolean }
  | { kind: "error"; text: string }
  | { kind: "uncachedFormula" };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function fromValue(value: unknown, percent: boolean): CellReading {
  if (value === null || value === undefined) return { kind: "empty" };
  if (typeof value === "number") return { kind: "number", value, percent };
  if (typeof value === "string") return value.trim() ? { kind: "text", text: value } : { kind: "empty" };
  if (typeof value === "boolean") return { kind: "text", text: value ? "是" : "否" };
  if (value instanceof Date) return { kind: "text", text: value.toISOString().slice(0, 10) };
  if (!isObject(value)) return { kind: "empty" };
  if (Array.isArray(value.richText)) {
    const text = (value.richText as { text?: unknown }[]).map((run) => String(run.text ?? "")).join("");
    return fromValue(text, percent);
  }
  if ("formula" in value || "sharedFormula" in value) {
    if (!("result" in value) || value.result === undefined) return { kind: "uncachedFormula" };
    return fromValue(value.result, percent);
  }
  if ("error" in value) return { kind: "error", text: String(value.error) };
  if ("text" in value) return fromValue(value.text, percent);
  return { kind: "empty" };
}

/** Reads a cell; a merged cell reads as its top-left cell, as Excel shows it. */
export function readCell(cell: ExcelJS.Cell): CellReading {
  const source = cell.isMerged ? cell.master : cell;
  const percent = typeof source.numFmt === "string" && source.numFmt.includes("%");
  return fromValue(source.value, percent);
}

/** The cell's text, trimmed, with Windows line breaks made plain; "" for empty, errors and uncached formulas. */
export function cellText(reading: CellReading): string {
  switch (reading.kind) {
    case "text":
      return reading.text.replace(/\r\n?/g, "\n").trim();
    case "number":
      return String(reading.value);
    default:
      return "";
  }
}

/** The result of reading a 进度 cell: whole percent, blank, or why it could not be read. */
export type ProgressReading = { ok: true; value: number | null } | { ok: false; message: string };

/** The problem message for a formula cell saved without its result. */
export const UNCACHED_FORMULA = "单元格是公式但没有计算结果，请在 Excel 中重新计算并保存后再上传";

const PROGRESS_HINT = "请填写 0 到 100 之间的数字（如 80 或 80%）";

/**
 * Progress in whole percent from what people write: 80, "80", "80%", "８０％", a percent-formatted
 * 0.8. A bare number strictly between 0 and 1 is refused rather than guessed (0.8 or 0.8%?).
 * Fractions are rounded to the nearest whole percent.
 */
export function readProgress(reading: CellReading): ProgressReading {
  let value: number;
  let percentWritten = false;
  switch (reading.kind) {
    case "empty":
      return { ok: true, value: null };
    case "uncachedFormula":
      return { ok: false, message: UNCACHED_FORMULA };
    case "error":
      return { ok: false, message: `单元格为错误值“${reading.text}”，${PROGRESS_HINT}` };
    case "number":
      value = reading.percent ? reading.value * 100 : reading.value;
      percentWritten = reading.percent;
      break;
    case "text": {
      const text = reading.text.normalize("NFKC").replace(/\s+/g, "");
      const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(text);
      if (!match) return { ok: false, message: `无法识别的进度“${reading.text.trim()}”，${PROGRESS_HINT}` };
      value = Number(match[1]);
      percentWritten = match[2] === "%";
      break;
    }
  }
  if (!percentWritten && value > 0 && value < 1) {
    return { ok: false, message: `进度“${value}”含义不明，${PROGRESS_HINT}` };
  }
  const whole = Math.round(value);
  if (!Number.isFinite(whole) || whole < 0 || whole > 100) {
    return { ok: false, message: `进度超出范围，${PROGRESS_HINT}` };
  }
  return { ok: true, value: whole };
}
