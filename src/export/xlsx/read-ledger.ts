/**
 * Reads a filled-in 工作台账 back into plain rows. The header row is found by its labels, not its
 * position; every data row is returned, and what cannot be read is reported as a problem on that
 * row instead of being dropped. Keys are checked syntactically here; the caller checks them against
 * the database.
 */
import ExcelJS from "exceljs";
import { REPORT_STATUSES, REPORT_STATUS_LABELS, reportStatusOf } from "../../track/report-status.js";
import { UNCACHED_FORMULA, cellText, readCell, readProgress } from "./cell-values.js";
import { XlsxImportError } from "./errors.js";
import { KEY_HEADER, headerOf, ledgerFieldOf, type LedgerField } from "./ledger-columns.js";
import { parseLedgerKey } from "./ledger-key.js";
import type {
  LedgerImport,
  LedgerImportProblem,
  LedgerImportRow,
  LedgerKey,
  ReadWorkLedgerOptions,
} from "./types.js";
import { LEDGER_META_MARKER, LEDGER_META_SHEET } from "./work-ledger.js";
import { checkXlsxZip } from "./zip-check.js";

/** The default size limit of an uploaded 工作台账 (20 MB). */
export const DEFAULT_MAX_XLSX_BYTES = 20 * 1000 * 1000;

/** How far down a sheet the header row is looked for. */
const HEADER_SEARCH_ROWS = 30;

type ColumnMap = Partial<Record<LedgerField, number>>;

interface LedgerSheet {
  sheet: ExcelJS.Worksheet;
  headerRow: number;
  columns: ColumnMap;
}

const STATUS_CHOICES = REPORT_STATUSES.map((status) => REPORT_STATUS_LABELS[status]).join("、");

/**
 * Reads a filled-in 工作台账. Refuses (with `XlsxImportError`) files that are too large, not
 * .xlsx, damaged, zip bombs, or have no sheet with the 行标识 column.
 */
export async function readWorkLedger(
  bytes: Uint8Array,
  options: ReadWorkLedgerOptions = {},
): Promise<LedgerImport> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_XLSX_BYTES;
  if (bytes.byteLength > maxBytes) {
    throw new XlsxImportError("XLSX_TOO_LARGE", `${bytes.byteLength} bytes > ${maxBytes}`);
  }
  checkXlsxZip(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as its own `Buffer` (an ArrayBuffer); at run time it takes Node's.
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new XlsxImportError("XLSX_CORRUPT", (e as Error).message, { cause: e });
  }
  const ledger = findLedgerSheet(workbook);
  if (!ledger) throw new XlsxImportError("XLSX_NO_LEDGER_SHEET");
  return { periodId: periodIdOf(workbook), ...readRows(ledger) };
}

function periodIdOf(workbook: ExcelJS.Workbook): string | null {
  const meta = workbook.getWorksheet(LEDGER_META_SHEET);
  if (!meta || cellText(readCell(meta.getCell("A1"))) !== LEDGER_META_MARKER) return null;
  return cellText(readCell(meta.getCell("A2"))) || null;
}

/** The first sheet with a header row naming the key column and at least one report column. */
function findLedgerSheet(workbook: ExcelJS.Workbook): LedgerSheet | null {
  for (const sheet of workbook.worksheets) {
    if (sheet.name === LEDGER_META_SHEET) continue;
    const last = Math.min(sheet.rowCount, HEADER_SEARCH_ROWS);
    for (let r = 1; r <= last; r++) {
      const columns = headerColumns(sheet.getRow(r));
      if (columns.key !== undefined && (columns.status !== undefined || columns.progress !== undefined)) {
        return { sheet, headerRow: r, columns };
      }
    }
  }
  return null;
}

function headerColumns(row: ExcelJS.Row): ColumnMap {
  const columns: ColumnMap = {};
  for (let c = 1; c <= row.cellCount; c++) {
    const cell = row.getCell(c);
    // A header merged across columns names only its first column.
    if (cell.isMerged && cell.master.col !== cell.col) continue;
    const field = ledgerFieldOf(cellText(readCell(cell)));
    if (field && columns[field] === undefined) columns[field] = c;
  }
  return columns;
}

function readRows(ledger: LedgerSheet): Pick<LedgerImport, "rows" | "problems"> {
  const { sheet, headerRow, columns } = ledger;
  const rows: LedgerImportRow[] = [];
  const problems: LedgerImportProblem[] = [];
  const seen = new Map<string, number>();
  const text = (row: ExcelJS.Row, field: LedgerField): string =>
    columns[field] === undefined ? "" : cellText(readCell(row.getCell(columns[field]))).normalize("NFC");

  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const keyText = text(row, "key");
    // A header repeated further down (pasted from another copy) is not data.
    if (keyText === KEY_HEADER) continue;
    const input = (["status", "progress", "narrative", "measures", "problems", "nextSteps"] as const).some(
      (field) => text(row, field) !== "" || isUncachedFormula(row, columns[field]),
    );
    if (!keyText && !input) continue;
    const report = (field: LedgerField, message: string): void => {
      problems.push({ rowNumber: r, column: headerOf(field), message });
    };

    let key: LedgerKey | null = null;
    if (!keyText) {
      report("key", "该行没有行标识，无法对应到任务；请勿在台账中自行插入行或清除行标识列");
    } else {
      key = parseLedgerKey(keyText);
      if (!key) report("key", "行标识已被修改或损坏，无法对应到任务；请使用系统导出的台账填写");
    }
    if (key) {
      const id = `${key.taskId}\n${key.unitId}`;
      const first = seen.get(id);
      if (first !== undefined) report("key", `行标识与第 ${first} 行重复，同一任务和单位只能填报一行`);
      else seen.set(id, r);
    }

    const statusText = text(row, "status");
    let status = null;
    if (statusText) {
      status = reportStatusOf(statusText.normalize("NFKC"));
      if (!status) report("status", `无法识别的状态“${statusText}”，应为：${STATUS_CHOICES}`);
    } else if (columns.status !== undefined) {
      const reading = readCell(row.getCell(columns.status));
      if (reading.kind === "uncachedFormula") report("status", UNCACHED_FORMULA);
      if (reading.kind === "error")
        report("status", `单元格为错误值“${reading.text}”，应为：${STATUS_CHOICES}`);
    }

    let progress: number | null = null;
    if (columns.progress !== undefined) {
      const reading = readProgress(readCell(row.getCell(columns.progress)));
      if (reading.ok) progress = reading.value;
      else report("progress", reading.message);
    }

    const imported: LedgerImportRow = {
      key,
      status,
      progress,
      narrative: text(row, "narrative"),
      problems: text(row, "problems"),
      nextSteps: text(row, "nextSteps"),
      rowNumber: r,
    };
    if (columns.measures !== undefined) imported.measures = text(row, "measures");
    rows.push(imported);
  }
  return { rows, problems };
}

function isUncachedFormula(row: ExcelJS.Row, column: number | undefined): boolean {
  return column !== undefined && readCell(row.getCell(column)).kind === "uncachedFormula";
}
