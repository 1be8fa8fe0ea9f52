/** The 任务分工表 of one document: one row per task, the 重点任务 heading merged over its tasks. */
import type ExcelJS from "exceljs";
import type { TaskDivisionTable } from "./types.js";
import { fitColumnWidth } from "./text-width.js";
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

/** The sheet name of the 任务分工表. */
export const TASK_DIVISION_SHEET = "任务分工表";

interface Column {
  header: string;
  min: number;
  max: number;
  align: CellAlign;
}

const COLUMNS: readonly Column[] = [
  { header: "序号", min: 7, max: 7, align: "center" },
  { header: "重点任务", min: 14, max: 24, align: "center" },
  { header: "具体内容", min: 30, max: 60, align: "left" },
  { header: "牵头单位", min: 12, max: 24, align: "center" },
  { header: "责任单位", min: 14, max: 32, align: "left" },
  { header: "完成时限", min: 12, max: 18, align: "center" },
];

/** Units as one cell: the document's order, separated by the enumeration comma. */
function unitList(units: readonly string[]): string {
  return units.join("、");
}

/**
 * A document's 任务分工表 as .xlsx bytes: title "《…》重点任务分工表", the 文号 below it, the six
 * usual columns, consecutive tasks under the same 重点任务 heading sharing one merged cell.
 */
export async function writeTaskDivisionTable(table: TaskDivisionTable): Promise<Uint8Array> {
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet(TASK_DIVISION_SHEET);
  const columns = COLUMNS.length;
  addTitleRow(sheet, 1, `《${table.documentTitle}》重点任务分工表`, columns);
  let headerRow = 2;
  if (table.docNumber) {
    addSubtitleRow(sheet, 2, table.docNumber, columns);
    headerRow = 3;
  }
  const firstBody = headerRow + 1;

  const cells = table.rows.map((row, i) => [
    String(i + 1),
    row.heading ?? "",
    row.content,
    unitList(row.leadUnits),
    unitList(row.coUnits),
    row.deadline ?? "",
  ]);
  const widths = COLUMNS.map((column, c) =>
    fitColumnWidth([column.header, ...cells.map((row) => row[c]!)], column.min, column.max),
  );
  widths.forEach((width, c) => setColumnWidth(sheet, c + 1, width));

  COLUMNS.forEach((column, c) => {
    const cell = sheet.getCell(headerRow, c + 1);
    setText(cell, column.header);
    styleHeader(cell);
  });
  sheet.getRow(headerRow).height = 30;

  cells.forEach((values, i) => {
    values.forEach((value, c) => {
      const cell = sheet.getCell(firstBody + i, c + 1);
      setText(cell, value);
      styleBody(cell, COLUMNS[c]!.align);
    });
  });
  mergeHeadings(sheet, table, firstBody);

  fitRowHeights(sheet, firstBody, firstBody + cells.length - 1, widths);
  fitTitleRow(sheet, 1, widths);
  freezeHeader(sheet, firstBody);
  setPrintSetup(sheet, headerRow, headerRow);
  return toBytes(workbook);
}

/** Merges the 重点任务 cell over each run of consecutive tasks with the same non-empty heading. */
function mergeHeadings(sheet: ExcelJS.Worksheet, table: TaskDivisionTable, firstBody: number): void {
  let start = 0;
  for (let i = 1; i <= table.rows.length; i++) {
    const heading = table.rows[start]?.heading;
    if (i < table.rows.length && heading && table.rows[i]!.heading === heading) continue;
    if (i - 1 > start && heading) sheet.mergeCells(firstBody + start, 2, firstBody + i - 1, 2);
    start = i;
  }
}
