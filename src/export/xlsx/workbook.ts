/**
 * The look shared by the three sheets: the fonts, borders, title rows, print setup and row heights
 * government offices expect, and the one way user text enters a cell.
 */
import ExcelJS from "exceljs";
import { wrappedLines } from "./text-width.js";

/** The media type of the bytes the writers return. */
export const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** GB2312 character set, so Excel picks the CJK font instead of substituting a Latin one. */
const GB2312 = 134;

/** Body text: 仿宋 is the font of 公文 bodies and ships with every Chinese Windows and WPS. */
export const BODY_FONT: Partial<ExcelJS.Font> = { name: "仿宋", size: 12, charset: GB2312 };
/** Column headers. */
export const HEADER_FONT: Partial<ExcelJS.Font> = { name: "宋体", size: 12, bold: true, charset: GB2312 };
/** The merged title row. */
export const TITLE_FONT: Partial<ExcelJS.Font> = { name: "宋体", size: 18, bold: true, charset: GB2312 };
/** The subtitle row (文号, 报告期). */
export const SUBTITLE_FONT: Partial<ExcelJS.Font> = { name: "仿宋", size: 12, charset: GB2312 };

/** Points per wrapped line of 12 pt CJK text, and the padding above and below. */
const LINE_POINTS = 16;
const ROW_PADDING_POINTS = 6;
/** The title row's least height, and points per wrapped line of 18 pt text. */
const TITLE_MIN_POINTS = 40;
const TITLE_LINE_POINTS = 24;

const THIN: Partial<ExcelJS.Border> = { style: "thin", color: { argb: "FF000000" } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Characters XML 1.0 cannot carry; exceljs would write them and Excel would call the file damaged. */
// eslint-disable-next-line no-control-regex
const XML_ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** How a body cell is aligned. */
export type CellAlign = "left" | "center";

/** A new workbook, its creator set to Luoshi. */
export function newWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "落实 Luoshi";
  return workbook;
}

/**
 * Puts user text into a cell so it can never become a formula. exceljs writes a JS string as a
 * shared string (no `<f>` element) whatever it starts with; the Text number format ("@") makes
 * Excel keep it text even when someone opens the cell and presses Enter, which would otherwise
 * re-parse "=HYPERLINK(…)" as a formula. exceljs cannot write Excel's own quotePrefix flag.
 */
export function setText(cell: ExcelJS.Cell, text: string | null | undefined): void {
  const clean = (text ?? "").replace(XML_ILLEGAL, "");
  // An empty string would be a non-blank cell to Excel (COUNTA, "go to blanks"); leave it empty.
  cell.value = clean === "" ? null : clean;
  cell.numFmt = "@";
}

/** Body style: 仿宋, thin borders, wrapped, vertically centred. */
export function styleBody(cell: ExcelJS.Cell, align: CellAlign): void {
  cell.font = BODY_FONT;
  cell.border = BORDER;
  cell.alignment = { vertical: "middle", horizontal: align, wrapText: true };
}

/** Header style: bold 宋体, borders, centred and wrapped. */
export function styleHeader(cell: ExcelJS.Cell): void {
  cell.font = HEADER_FONT;
  cell.border = BORDER;
  cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9D9D9" } };
}

/** Writes the merged title row across `columns` columns and sizes it for 18 pt. */
export function addTitleRow(
  sheet: ExcelJS.Worksheet,
  rowNumber: number,
  title: string,
  columns: number,
): void {
  sheet.mergeCells(rowNumber, 1, rowNumber, columns);
  const cell = sheet.getCell(rowNumber, 1);
  setText(cell, title);
  cell.font = TITLE_FONT;
  cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  sheet.getRow(rowNumber).height = TITLE_MIN_POINTS;
}

/** Makes the title row tall enough for a long document title at 18 pt. */
export function fitTitleRow(sheet: ExcelJS.Worksheet, rowNumber: number, widths: readonly number[]): void {
  const total = widths.reduce((sum, width) => sum + width, 0);
  const lines = wrappedLines(sheet.getCell(rowNumber, 1).text, total, TITLE_FONT.size);
  sheet.getRow(rowNumber).height = Math.max(TITLE_MIN_POINTS, lines * TITLE_LINE_POINTS + 16);
}

/** Writes the merged subtitle row (文号, 报告期) across `columns` columns. */
export function addSubtitleRow(
  sheet: ExcelJS.Worksheet,
  rowNumber: number,
  text: string,
  columns: number,
): void {
  sheet.mergeCells(rowNumber, 1, rowNumber, columns);
  const cell = sheet.getCell(rowNumber, 1);
  setText(cell, text);
  cell.font = SUBTITLE_FONT;
  cell.alignment = { vertical: "middle", horizontal: "center" };
  sheet.getRow(rowNumber).height = 22;
}

/**
 * Sets a column's width. exceljs leaves a column of width exactly 9 (its own default) out of
 * `<cols>`, and Excel would then draw it at 8.43, so 9 is written as 9.1.
 */
export function setColumnWidth(sheet: ExcelJS.Worksheet, column: number, width: number): void {
  sheet.getColumn(column).width = width === 9 ? 9.1 : width;
}

/** The height in points of `lines` wrapped lines of body text. */
export function heightForLines(lines: number): number {
  return lines * LINE_POINTS + ROW_PADDING_POINTS;
}

/**
 * Sets each row's height from the text of its cells, since exceljs writes no heights and Excel
 * does not re-fit wrapped rows on open (exceljs#965). Cells merged vertically are spread over the
 * rows they span: when those rows together are too short, the last one grows.
 */
export function fitRowHeights(
  sheet: ExcelJS.Worksheet,
  fromRow: number,
  toRow: number,
  widths: readonly number[],
  minLines = 1,
): void {
  const heights = new Map<number, number>();
  const spans: { top: number; bottom: number; lines: number }[] = [];
  for (let r = fromRow; r <= toRow; r++) {
    let lines = minLines;
    const row = sheet.getRow(r);
    for (let c = 1; c <= widths.length; c++) {
      const cell = row.getCell(c);
      if (cell.isMerged && cell.master !== cell) continue;
      const text = typeof cell.value === "string" ? cell.value : cell.text;
      const needed = wrappedLines(text, widths[c - 1]!);
      const bottom = mergeBottom(sheet, r, c);
      if (bottom > r) spans.push({ top: r, bottom, lines: needed });
      else lines = Math.max(lines, needed);
    }
    heights.set(r, heightForLines(lines));
  }
  for (const span of spans) {
    let total = 0;
    for (let r = span.top; r <= span.bottom; r++) total += heights.get(r)!;
    const needed = heightForLines(span.lines);
    if (total < needed) heights.set(span.bottom, heights.get(span.bottom)! + needed - total);
  }
  for (const [r, height] of heights) sheet.getRow(r).height = height;
}

/** The last row of the vertical merge whose top-left cell is (row, column), or `row` when none. */
function mergeBottom(sheet: ExcelJS.Worksheet, row: number, column: number): number {
  const master = sheet.getCell(row, column);
  let bottom = row;
  while (bottom < sheet.rowCount && sheet.getCell(bottom + 1, column).master === master) bottom++;
  return master.isMerged ? bottom : row;
}

/** A4 landscape, fitted to one page wide, with the header rows printed on every page. */
export function setPrintSetup(sheet: ExcelJS.Worksheet, headerFirst: number, headerLast: number): void {
  sheet.pageSetup = {
    paperSize: 9,
    orientation: "landscape",
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    printTitlesRow: `${headerFirst}:${headerLast}`,
  };
  sheet.headerFooter = { oddFooter: "第 &P 页，共 &N 页" };
}

/** Freezes everything above `firstBodyRow` (and left of `firstBodyColumn`). */
export function freezeHeader(sheet: ExcelJS.Worksheet, firstBodyRow: number, firstBodyColumn = 1): void {
  sheet.views = [{ state: "frozen", ySplit: firstBodyRow - 1, xSplit: firstBodyColumn - 1 }];
}

/** The workbook serialised to .xlsx bytes. */
export async function toBytes(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
