import ExcelJS from "exceljs";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import {
  isXlsxImportError,
  readWorkLedger,
  writeWorkLedger,
  type XlsxErrorCode,
} from "../../src/export/xlsx/index.js";
import { saveWorkbook } from "./xlsx-helpers.js";

/** Refusals must come before exceljs inflates anything: well under a second even on a busy machine. */
const QUICK_MS = 1500;

async function refusal(
  bytes: Uint8Array,
  options?: { maxBytes?: number },
): Promise<{ code: XlsxErrorCode; ms: number; zh: string }> {
  const start = performance.now();
  try {
    await readWorkLedger(bytes, options);
  } catch (e) {
    if (!isXlsxImportError(e)) throw e;
    return { code: e.code, ms: performance.now() - start, zh: e.messageZh };
  }
  throw new Error("the file was accepted");
}

function ledger(): Promise<Uint8Array> {
  return writeWorkLedger({
    documentTitle: "测试方案",
    periodLabel: "2025年",
    rows: [
      {
        taskId: "t1",
        unitId: "u1",
        task: "建设高标准农田",
        unit: "区农业农村委",
        status: null,
        progress: null,
        narrative: "",
        measures: "",
        problems: "",
        nextSteps: "",
      },
    ],
  });
}

/** A zip shaped like a workbook whose sheet is `sheetBytes` long: highly compressible markup. */
function bombZip(sheetBytes: number): Uint8Array {
  const sheet = new Uint8Array(sheetBytes).fill(0x20);
  return zipSync(
    {
      "[Content_Types].xml": strToU8("<Types/>"),
      "xl/workbook.xml": strToU8("<workbook/>"),
      "xl/worksheets/sheet1.xml": sheet,
    },
    { level: 9 },
  );
}

/** Rewrites the declared uncompressed size of one entry in its local and central headers. */
function lieAboutSize(zip: Uint8Array, name: string, declared: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const encodedName = strToU8(name);
  const nameAt = (at: number, offset: number) =>
    encodedName.every((byte, i) => out[at + offset + i] === byte) &&
    view.getUint16(at + (offset === 30 ? 26 : 28), true) === encodedName.length;
  let patched = 0;
  for (let at = 0; at + 46 < out.length; at++) {
    const sig = view.getUint32(at, true);
    if (sig === 0x04034b50 && nameAt(at, 30)) {
      view.setUint32(at + 22, declared, true);
      patched++;
    } else if (sig === 0x02014b50 && nameAt(at, 46)) {
      view.setUint32(at + 24, declared, true);
      patched++;
    }
  }
  if (patched !== 2) throw new Error(`patched ${patched} headers`);
  return out;
}

describe("readWorkLedger refuses hostile files with a typed error", () => {
  it("refuses a 200 MB upload by size before looking inside", async () => {
    const huge = new Uint8Array(200 * 1000 * 1000);
    const { code, ms, zh } = await refusal(huge);
    expect(code).toBe("XLSX_TOO_LARGE");
    expect(zh).toBe("文件过大，超过允许的上限。");
    expect(ms).toBeLessThan(QUICK_MS);
  });

  it("applies the caller's maxBytes", async () => {
    const bytes = await ledger();
    expect((await refusal(bytes, { maxBytes: bytes.length - 1 })).code).toBe("XLSX_TOO_LARGE");
    await expect(readWorkLedger(bytes, { maxBytes: bytes.length })).resolves.toMatchObject({ problems: [] });
  });

  it("refuses text, a plain zip and a legacy .xls as not a workbook", async () => {
    expect((await refusal(strToU8("序号,任务,状态\n1,建设,推进中\n"))).code).toBe("XLSX_NOT_XLSX");
    expect((await refusal(zipSync({ "word/document.xml": strToU8("<w:document/>") }))).code).toBe(
      "XLSX_NOT_XLSX",
    );
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const legacy = await refusal(ole);
    expect(legacy.code).toBe("XLSX_LEGACY_OR_ENCRYPTED");
    expect(legacy.zh).toContain(".xls");
  });

  it("refuses a truncated and a damaged workbook as corrupt", async () => {
    const bytes = await ledger();
    expect((await refusal(bytes.slice(0, Math.floor(bytes.length / 2)))).code).toBe("XLSX_CORRUPT");
    const damaged = bytes.slice();
    // Flip bytes inside the first entry's compressed data: inflate fails or the CRC does not match.
    for (let i = 200; i < 260; i++) damaged[i] = damaged[i]! ^ 0xff;
    expect((await refusal(damaged)).code).toBe("XLSX_CORRUPT");
  });

  it("refuses a zip bomb by its declared sizes, quickly", async () => {
    const bomb = bombZip(10 * 1000 * 1000);
    expect(bomb.length).toBeLessThan(100 * 1000); // 10 MB of markup packs into a few tens of KB
    const { code, ms } = await refusal(bomb);
    expect(code).toBe("XLSX_ZIP_LIMIT");
    expect(ms).toBeLessThan(QUICK_MS);
  });

  it("refuses a zip bomb that lies about its sizes once inflating passes the declared size", async () => {
    const liar = lieAboutSize(bombZip(10 * 1000 * 1000), "xl/worksheets/sheet1.xml", 4096);
    const { code, ms } = await refusal(liar);
    expect(code).toBe("XLSX_ZIP_LIMIT");
    expect(ms).toBeLessThan(QUICK_MS);
  });

  it("refuses a workbook whose sheets have no 行标识 column", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("工作台账");
    sheet.getRow(3).values = ["序号", "任务", "责任单位", "状态", "进度(%)", "工作进展"];
    sheet.getRow(4).values = ["1", "建设高标准农田", "区农业农村委", "推进中", 50, "已开工"];
    const { code, zh } = await refusal(await saveWorkbook(workbook));
    expect(code).toBe("XLSX_NO_LEDGER_SHEET");
    expect(zh).toContain("行标识");
  });
});
