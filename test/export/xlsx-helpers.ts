/** Helpers for the Excel tests: open written bytes with exceljs, read raw parts of the zip. */
import ExcelJS from "exceljs";
import { strFromU8, unzipSync } from "fflate";

/** The workbook exceljs reads from the bytes. */
export async function openWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as never);
  return workbook;
}

/** The workbook as bytes again, after a test filled it in. */
export async function saveWorkbook(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

/** Every worksheet XML part of the file, by part name. */
export function worksheetXml(bytes: Uint8Array): Map<string, string> {
  const parts = unzipSync(bytes);
  const sheets = new Map<string, string>();
  for (const [name, data] of Object.entries(parts)) {
    if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) sheets.set(name, strFromU8(data));
  }
  return sheets;
}

/** One part of the zip as text. */
export function partXml(bytes: Uint8Array, name: string): string {
  const data = unzipSync(bytes, { filter: (file) => file.name === name })[name];
  if (!data) throw new Error(`no part ${name}`);
  return strFromU8(data);
}
