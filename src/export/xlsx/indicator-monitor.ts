/**
 * The indicator monitoring sheet (主要指标监测表): each indicator with its 属性, 基期值 and 目标值,
 * one 实际值 column per year under a merged "实际值" heading, and a status label.
 */
import type ExcelJS from "exceljs";
import { fitColumnWidth } from "./text-width.js";
import type { IndicatorMonitor, IndicatorNature, IndicatorValue } from "./types.js";
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
} from "./workbook.js";

/** The sheet name of the indicator monitoring sheet. */
export const INDICATOR_MONITOR_SHEET = "指标监测";

/** The Chinese name of each indicator nature. */
export const INDICATOR_NATURE_LABELS: Readonly<Record<IndicatorNature, string>> = {
  expected: "预期性",
  binding: "约束性",
};

function valueText(value: IndicatorValue): string {
  return value === null ? "" : String(value);
}

/** Numbers stay numbers (so offices can compute with them); text such as "达标" or "【250】" stays text. */
function setValue(cell: ExcelJS.Cell, value: IndicatorValue): void {
  if (typeof value === "number" && Number.isFinite(value)) cell.value = value;
  else setText(cell, valueText(value));
}

/**
 * The indicator monitoring sheet as .xlsx bytes. The header takes two rows: "实际值" spans the
 * year columns, the other headers are merged down over both rows, as printed 规划 tables do.
 */
export async function writeIndicatorMonitor(monitor: IndicatorMonitor): Promise<Uint8Array> {
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet(INDICATOR_MONITOR_SHEET);
  const baseHeader = monitor.baseYear ? `基期值（${monitor.baseYear}年）` : "基期值";
  const targetHeader = monitor.targetYear ? `目标值（${monitor.targetYear}年）` : "目标值";
  const leading = ["序号", "指标", "单位", "属性", baseHeader, targetHeader];
  const years = monitor.years;
  const columns = leading.length + years.length + 1;
  const statusColumn = columns;

  addTitleRow(sheet, 1, `《${monitor.documentTitle}》主要指标监测表`, columns);
  let headerRow = 2;
  if (monitor.docNumber) {
    addSubtitleRow(sheet, 2, monitor.docNumber, columns);
    headerRow = 3;
  }
  const yearRow = headerRow + 1;
  const firstBody = yearRow + 1;

  const single = (column: number, text: string): void => {
    sheet.mergeCells(headerRow, column, yearRow, column);
    setText(sheet.getCell(headerRow, column), text);
  };
  leading.forEach((text, i) => single(i + 1, text));
  if (years.length > 0) {
    sheet.mergeCells(headerRow, leading.length + 1, headerRow, leading.length + years.length);
    setText(sheet.getCell(headerRow, leading.length + 1), "实际值");
    years.forEach((year, i) => setText(sheet.getCell(yearRow, leading.length + 1 + i), `${year}年`));
  }
  single(statusColumn, "状态");
  for (let r = headerRow; r <= yearRow; r++) {
    for (let c = 1; c <= columns; c++) styleHeader(sheet.getCell(r, c));
    sheet.getRow(r).height = 24;
  }

  const rows = monitor.rows.map((row, i) => [
    String(i + 1),
    row.name,
    row.unit ?? "",
    row.nature ? INDICATOR_NATURE_LABELS[row.nature] : "",
    row.baseline,
    row.target,
    ...years.map((year) => row.actuals[year] ?? null),
    row.statusLabel ?? "",
  ]);
  rows.forEach((values, i) => {
    values.forEach((value, c) => {
      const cell = sheet.getCell(firstBody + i, c + 1);
      if (c < 4 || c === columns - 1) setText(cell, valueText(value));
      else setValue(cell, value);
      styleBody(cell, c === 1 ? "left" : "center");
    });
  });

  const headers = [...leading, ...years.map((year) => `${year}年`), "状态"];
  const widths = headers.map((header, c) => {
    const texts = [header, ...rows.map((values) => valueText(values[c]!))];
    if (c === 0) return 7;
    return c === 1 ? fitColumnWidth(texts, 20, 40) : fitColumnWidth(texts, 8, 16);
  });
  widths.forEach((width, c) => setColumnWidth(sheet, c + 1, width));
  fitRowHeights(sheet, firstBody, firstBody + rows.length - 1, widths);
  fitTitleRow(sheet, 1, widths);

  freezeHeader(sheet, firstBody, 3);
  setPrintSetup(sheet, headerRow, yearRow);
  return toBytes(workbook);
}
