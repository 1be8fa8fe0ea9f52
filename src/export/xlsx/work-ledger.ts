/**
 * A period's 工作台账: one row per expected report (task × responsible unit), to be filled in by
 * the departments and imported back. The hidden, locked 行标识 column carries the row's key.
 */
import type ExcelJS from "exceljs";
import { REPORT_STATUSES, REPORT_STATUS_LABELS } from "../../track/report-status.js";
import { formatLedgerKey } from "./ledger-key.js";
import { LEDGER_COLUMNS, type LedgerField } from "./ledger-columns.js";
import { fitColumnWidth } from "./text-width.js";
import type { WorkLedger, WorkLedgerRow } from "./types.js";
import {
  addSubtitleRow,
  addTitleRow,
  fitRowHeights,
  fitTitleRow,
  freezeHeader,
  newWorkbook,
  setPrintSetup,
  setColumnWidth,
  setText,
  styleBody,
  styleHeader,
  toBytes,
  type CellAlign,
} from "./workbook.js";

/** The sheet name of the 工作台账. */
export const WORK_LEDGER_SHEET = "工作台账";
/** The very hidden sheet that records which period the file was exported for. */
export const LEDGER_META_SHEET = "luoshi";
/** The marker in A1 of the meta sheet. */
export const LEDGER_META_MARKER = "luoshi-work-ledger/1";

const LAYOUT: Readonly<Record<LedgerField, { min: number; max: number; align: CellAlign }>> = {
  number: { min: 7, max: 7, align: "center" },
  task: { min: 24, max: 36, align: "left" },
  unit: { min: 12, max: 20, align: "center" },
  status: { min: 11, max: 11, align: "center" },
  progress: { min: 10, max: 10, align: "center" },
  narrative: { min: 30, max: 30, align: "left" },
  measures: { min: 24, max: 24, align: "left" },
  problems: { min: 20, max: 20, align: "left" },
  nextSteps: { min: 20, max: 20, align: "left" },
  key: { min: 12, max: 12, align: "left" },
};

/** Blank input rows get room for this many lines of writing. */
const BLANK_ROW_LINES = 3;

function textOf(row: WorkLedgerRow, field: LedgerField, index: number): string {
  switch (field) {
    case "number":
      return String(index + 1);
    case "task":
      return row.task;
    case "unit":
      return row.unit;
    case "status":
      return row.status ? REPORT_STATUS_LABELS[row.status] : "";
    case "progress":
      return row.progress === null ? "" : String(row.progress);
    case "narrative":
      return row.narrative;
    case "measures":
      return row.measures;
    case "problems":
      return row.problems;
    case "nextSteps":
      return row.nextSteps;
    case "key":
      return formatLedgerKey(row);
  }
}

/**
 * A period's 工作台账 as .xlsx bytes. Departments may type only into the report columns (the
 * sheet is protected without a password, so nobody edits a task or a key by accident); 状态 has
 * a drop-down of the labels and 进度(%) accepts whole numbers 0–100.
 */
export async function writeWorkLedger(ledger: WorkLedger): Promise<Uint8Array> {
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet(WORK_LEDGER_SHEET);
  const columns = LEDGER_COLUMNS.length;
  const visible = columns - 1;
  addTitleRow(sheet, 1, `《${ledger.documentTitle}》工作台账`, visible);
  const subtitle = [ledger.docNumber ? `文号：${ledger.docNumber}` : "", `报告期：${ledger.periodLabel}`];
  addSubtitleRow(sheet, 2, subtitle.filter(Boolean).join("　　"), visible);
  const headerRow = 3;
  const firstBody = headerRow + 1;

  const widths = LEDGER_COLUMNS.map((column) => {
    const texts = [column.header, ...ledger.rows.map((row, i) => textOf(row, column.field, i))];
    return fitColumnWidth(texts, LAYOUT[column.field].min, LAYOUT[column.field].max);
  });
  LEDGER_COLUMNS.forEach((column, c) => {
    setColumnWidth(sheet, c + 1, widths[c]!);
    if (column.field === "key") sheet.getColumn(c + 1).hidden = true;
    const cell = sheet.getCell(headerRow, c + 1);
    setText(cell, column.header);
    styleHeader(cell);
  });
  sheet.getRow(headerRow).height = 30;

  ledger.rows.forEach((row, i) => writeRow(sheet.getRow(firstBody + i), row, i));
  const lastBody = firstBody + ledger.rows.length - 1;
  fitRowHeights(sheet, firstBody, lastBody, widths, BLANK_ROW_LINES);
  addValidations(sheet, firstBody, lastBody);
  fitTitleRow(sheet, 1, widths.slice(0, visible));

  freezeHeader(sheet, firstBody, 4);
  setPrintSetup(sheet, headerRow, headerRow);
  await sheet.protect("", {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatCells: true,
    formatColumns: true,
    formatRows: true,
    insertRows: false,
    deleteRows: false,
    sort: false,
    autoFilter: true,
  });
  addMetaSheet(workbook, ledger.periodId ?? null);
  return toBytes(workbook);
}

function writeRow(sheetRow: ExcelJS.Row, row: WorkLedgerRow, index: number): void {
  LEDGER_COLUMNS.forEach((column, c) => {
    const cell = sheetRow.getCell(c + 1);
    if (column.field === "progress") {
      cell.value = row.progress;
      cell.numFmt = "0";
    } else {
      setText(cell, textOf(row, column.field, index));
    }
    styleBody(cell, LAYOUT[column.field].align);
    cell.protection = { locked: !column.input };
  });
}

/** exceljs keeps sheet-level validations by address but leaves them out of its type declarations. */
interface SheetValidations {
  dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void };
}

/**
 * One validation per column range. Set per cell, exceljs's merging sorts addresses as strings
 * ("D10" before "D4") and writes overlapping ranges, which Excel may repair away.
 */
function addValidations(sheet: ExcelJS.Worksheet, firstBody: number, lastBody: number): void {
  if (lastBody < firstBody) return;
  const validations = (sheet as unknown as SheetValidations).dataValidations;
  const columnOf = (field: LedgerField): string =>
    String.fromCharCode(65 + LEDGER_COLUMNS.findIndex((column) => column.field === field));
  const range = (field: LedgerField): string =>
    `${columnOf(field)}${firstBody}:${columnOf(field)}${lastBody}`;
  validations.add(range("status"), {
    type: "list",
    allowBlank: true,
    formulae: [`"${REPORT_STATUSES.map((status) => REPORT_STATUS_LABELS[status]).join(",")}"`],
    showErrorMessage: true,
    errorStyle: "stop",
    errorTitle: "状态",
    error: "请从下拉列表中选择状态。",
  });
  validations.add(range("progress"), {
    type: "whole",
    operator: "between",
    allowBlank: true,
    formulae: [0, 100],
    showErrorMessage: true,
    errorStyle: "stop",
    errorTitle: "进度",
    error: "请填写 0 到 100 之间的整数（80 表示完成 80%）。",
  });
}

/** Records the period in a sheet users cannot unhide from Excel's menu (state "veryHidden"). */
function addMetaSheet(workbook: ExcelJS.Workbook, periodId: string | null): void {
  const meta = workbook.addWorksheet(LEDGER_META_SHEET, { state: "veryHidden" });
  meta.getCell("A1").value = LEDGER_META_MARKER;
  meta.getCell("A2").value = periodId ?? "";
}
