import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  formatLedgerKey,
  readWorkLedger,
  writeWorkLedger,
  type WorkLedgerRow,
} from "../../src/export/xlsx/index.js";
import { openWorkbook, partXml, saveWorkbook, worksheetXml } from "./xlsx-helpers.js";

const T = (n: number) => `0193a000-0000-7000-8000-00000000000${n}`;
const U = (n: number) => `0193b000-0000-7000-8000-00000000000${n}`;

function blankRow(n: number, task: string, unit: string): WorkLedgerRow {
  return {
    taskId: T(n),
    unitId: U(n),
    task,
    unit,
    status: null,
    progress: null,
    narrative: "",
    measures: "",
    problems: "",
    nextSteps: "",
  };
}

const ROWS: WorkLedgerRow[] = [
  blankRow(1, "建设高标准农田5万亩", "区农业农村委"),
  blankRow(2, "发展乡村旅游", "区文化旅游委"),
  blankRow(3, "推进厕所革命", "区城市管理局"),
  blankRow(4, "治理农村生活污水", "区生态环境局"),
  blankRow(5, "加强组织领导", "区政府办公室"),
];

function ledgerBytes(rows: readonly WorkLedgerRow[] = ROWS): Promise<Uint8Array> {
  return writeWorkLedger({
    documentTitle: "万州区乡村振兴实施方案",
    docNumber: "万州府办发〔2022〕12号",
    periodLabel: "2025年第一季度",
    periodId: "period-2025-q1",
    rows,
  });
}

async function ledgerSheet(
  bytes: Uint8Array,
): Promise<{ workbook: ExcelJS.Workbook; sheet: ExcelJS.Worksheet }> {
  const workbook = await openWorkbook(bytes);
  return { workbook, sheet: workbook.getWorksheet("工作台账")! };
}

describe("writeWorkLedger", () => {
  it("writes title, subtitle, the headers and one row per expected report", async () => {
    const { sheet } = await ledgerSheet(await ledgerBytes());
    expect(sheet.getCell("A1").value).toBe("《万州区乡村振兴实施方案》工作台账");
    expect(sheet.getCell("A2").value).toBe("文号：万州府办发〔2022〕12号　　报告期：2025年第一季度");
    expect(sheet.getRow(3).values).toEqual([
      undefined,
      "序号",
      "任务",
      "责任单位",
      "状态",
      "进度(%)",
      "工作进展",
      "采取措施",
      "存在问题",
      "下步打算",
      "行标识",
    ]);
    expect(sheet.getCell("B4").value).toBe("建设高标准农田5万亩");
    expect(sheet.getCell("C8").value).toBe("区政府办公室");
    expect(sheet.getCell("J4").value).toBe(formatLedgerKey({ taskId: T(1), unitId: U(1) }));
    expect(sheet.rowCount).toBe(8);
    expect([...sheet.model.merges].sort()).toEqual(["A1:I1", "A2:I2"]);
  });

  it("hides the key column and protects the sheet, leaving only the report cells editable", async () => {
    const bytes = await ledgerBytes();
    const { sheet } = await ledgerSheet(bytes);
    expect(sheet.getColumn(10).hidden).toBe(true);
    const locked = [..."ABCDEFGHIJ"].map((col) => sheet.getCell(`${col}4`).protection?.locked ?? true);
    expect(locked).toEqual([true, true, true, false, false, false, false, false, false, true]);
    const xml = worksheetXml(bytes).get("xl/worksheets/sheet1.xml")!;
    expect(xml).toMatch(/<sheetProtection sheet="1"[^>]*formatColumns="0"/);
    expect(xml).not.toMatch(/<sheetProtection[^>]*hashValue/);
  });

  it("offers the status labels as a drop-down and limits progress to whole numbers 0–100", async () => {
    const bytes = await ledgerBytes();
    const xml = worksheetXml(bytes).get("xl/worksheets/sheet1.xml")!;
    // One range per column, no overlaps: rows 4–8 hold the five reports.
    expect([...xml.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)].map((m) => m[1])).toEqual([
      "D4:D8",
      "E4:E8",
    ]);
    const { sheet } = await ledgerSheet(bytes);
    expect(sheet.getCell("D6").dataValidation).toMatchObject({
      type: "list",
      formulae: ['"未启动,推进中,已完成,滞后,无法完成"'],
      errorStyle: "stop",
    });
    expect(sheet.getCell("E6").dataValidation).toMatchObject({
      type: "whole",
      operator: "between",
      formulae: [0, 100],
    });
  });

  it("freezes the headers and the task columns, prints A4 landscape with the header repeated", async () => {
    const bytes = await ledgerBytes();
    const { sheet } = await ledgerSheet(bytes);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 3, xSplit: 3 });
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape" });
    expect(partXml(bytes, "xl/workbook.xml")).toContain("&apos;工作台账&apos;!$3:$3");
  });

  it("records the period in a very hidden sheet", async () => {
    const bytes = await ledgerBytes();
    expect(partXml(bytes, "xl/workbook.xml")).toMatch(/<sheet sheetId="2" name="luoshi" state="veryHidden"/);
    expect((await readWorkLedger(bytes)).periodId).toBe("period-2025-q1");
  });

  it("writes reported values back into the cells", async () => {
    const rows = [
      {
        ...ROWS[0]!,
        status: "delayed" as const,
        progress: 35,
        narrative: "已完成选址",
        problems: "资金未到位",
      },
    ];
    const { sheet } = await ledgerSheet(await ledgerBytes(rows));
    expect(sheet.getRow(4).values).toEqual([
      undefined,
      "1",
      "建设高标准农田5万亩",
      "区农业农村委",
      "滞后",
      35,
      "已完成选址",
      undefined,
      "资金未到位",
      undefined,
      formatLedgerKey({ taskId: T(1), unitId: U(1) }),
    ]);
  });
});

describe("readWorkLedger round trip", () => {
  it("round-trips a period with no expected reports", async () => {
    const bytes = await ledgerBytes([]);
    const { sheet } = await ledgerSheet(bytes);
    expect(sheet.getCell("A3").value).toBe("序号");
    expect(await readWorkLedger(bytes)).toEqual({ periodId: "period-2025-q1", rows: [], problems: [] });
  });

  it("reads back what a department typed, the way people type it", async () => {
    const { workbook, sheet } = await ledgerSheet(await ledgerBytes());
    // Row 4: an alias for 推进中 and a percent typed as text.
    sheet.getCell("D4").value = "进行中";
    sheet.getCell("E4").value = "80%";
    sheet.getCell("F4").value = "已完成选址和初步设计";
    sheet.getCell("G4").value = "召开专题会2次";
    sheet.getCell("H4").value = "资金未到位";
    sheet.getCell("I4").value = "争取上级资金";
    // Row 5: the canonical label and 0.8 in a percent-formatted cell (what typing 80% gives in Excel).
    sheet.getCell("D5").value = "推进中";
    sheet.getCell("E5").value = 0.8;
    // A fresh style object: exceljs shares one style between cells loaded with the same style id.
    sheet.getCell("E5").style = { ...sheet.getCell("E5").style, numFmt: "0%" };
    // Row 6: formulas with cached results, rich text in the narrative.
    sheet.getCell("D6").value = { formula: 'IF(TRUE,"滞后","")', result: "滞后" };
    sheet.getCell("E6").value = { formula: "40+5", result: 45 };
    sheet.getCell("F6").value = { richText: [{ text: "已建成" }, { text: "3座", font: { bold: true } }] };
    // Row 7: an alias with spaces, full-width digits, a formula-looking narrative typed as text.
    sheet.getCell("D7").value = " 完成 ";
    sheet.getCell("E7").value = "１００";
    sheet.getCell("F7").value = '=HYPERLINK("http://evil.example","详情")';
    // Row 8 is left blank.

    const result = await readWorkLedger(await saveWorkbook(workbook));
    expect(result.problems).toEqual([]);
    expect(result.periodId).toBe("period-2025-q1");
    expect(result.rows).toEqual([
      {
        key: { taskId: T(1), unitId: U(1) },
        status: "in_progress",
        progress: 80,
        narrative: "已完成选址和初步设计",
        measures: "召开专题会2次",
        problems: "资金未到位",
        nextSteps: "争取上级资金",
        rowNumber: 4,
      },
      {
        key: { taskId: T(2), unitId: U(2) },
        status: "in_progress",
        progress: 80,
        narrative: "",
        measures: "",
        problems: "",
        nextSteps: "",
        rowNumber: 5,
      },
      {
        key: { taskId: T(3), unitId: U(3) },
        status: "delayed",
        progress: 45,
        narrative: "已建成3座",
        measures: "",
        problems: "",
        nextSteps: "",
        rowNumber: 6,
      },
      {
        key: { taskId: T(4), unitId: U(4) },
        status: "completed",
        progress: 100,
        narrative: '=HYPERLINK("http://evil.example","详情")',
        measures: "",
        problems: "",
        nextSteps: "",
        rowNumber: 7,
      },
      {
        key: { taskId: T(5), unitId: U(5) },
        status: null,
        progress: null,
        narrative: "",
        measures: "",
        problems: "",
        nextSteps: "",
        rowNumber: 8,
      },
    ]);
  });

  it("round-trips exported reports unchanged, formula-looking text included", async () => {
    const rows: WorkLedgerRow[] = [
      {
        ...ROWS[0]!,
        status: "blocked",
        progress: 0,
        narrative: "=1+1",
        measures: "+SUM(A1)",
        problems: "@cmd",
        nextSteps: "-2\n第二行",
      },
    ];
    const bytes = await ledgerBytes(rows);
    for (const xml of worksheetXml(bytes).values()) expect(xml).not.toMatch(/<f[ >]/);
    const result = await readWorkLedger(bytes);
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([
      {
        key: { taskId: T(1), unitId: U(1) },
        status: "blocked",
        progress: 0,
        narrative: "=1+1",
        measures: "+SUM(A1)",
        problems: "@cmd",
        nextSteps: "-2\n第二行",
        rowNumber: 4,
      },
    ]);
  });
});

describe("readWorkLedger tolerance", () => {
  /** A sheet someone rebuilt by hand: header in row 6, columns reordered and renamed. */
  async function handMadeSheet(): Promise<Uint8Array> {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("说明").getCell("A1").value = "填报说明：请如实填写";
    const sheet = workbook.addWorksheet("Sheet1");
    sheet.getCell("A1").value = "万州区乡村振兴工作台账（第一季度）";
    sheet.getRow(6).values = [
      "行标识",
      "责任单位",
      "完成状态",
      "进度（％）",
      "进展 情况",
      "存在的问题",
      "下一步打算",
    ];
    const key = (n: number) => formatLedgerKey({ taskId: T(n), unitId: U(n) });
    sheet.getRow(8).values = [key(1), "区农业农村委", "已完成", "75", "已完工", "无", "巩固成果"];
    sheet.getCell("D8").numFmt = "@";
    sheet.getRow(9).values = [key(2), "区文化旅游委", "滞后推进", 30, "推进缓慢", "", "加快进度"];
    sheet.mergeCells("F8:F9");
    sheet.getRow(12).values = ["行标识", "责任单位", "状态", "进度", "工作进展", "存在问题", "下步打算"];
    sheet.getRow(13).values = [key(3), "区城市管理局", "未开始", "０", "", "", ""];
    return saveWorkbook(workbook);
  }

  it("finds the header by its labels, skips blank and repeated header rows, spreads merged cells", async () => {
    const result = await readWorkLedger(await handMadeSheet());
    expect(result.problems).toEqual([]);
    expect(result.periodId).toBeNull();
    expect(result.rows).toEqual([
      {
        key: { taskId: T(1), unitId: U(1) },
        status: "completed",
        progress: 75,
        narrative: "已完工",
        problems: "无",
        nextSteps: "巩固成果",
        rowNumber: 8,
      },
      {
        key: { taskId: T(2), unitId: U(2) },
        status: "delayed",
        progress: 30,
        narrative: "推进缓慢",
        problems: "无",
        nextSteps: "加快进度",
        rowNumber: 9,
      },
      {
        key: { taskId: T(3), unitId: U(3) },
        status: "not_started",
        progress: 0,
        narrative: "",
        problems: "",
        nextSteps: "",
        rowNumber: 13,
      },
    ]);
    expect("measures" in result.rows[0]!).toBe(false);
  });

  it("reports what it cannot read on the row and column concerned, keeping the rows", async () => {
    const { workbook, sheet } = await ledgerSheet(await ledgerBytes());
    sheet.getCell("D4").value = "差不多";
    sheet.getCell("E4").value = 0.5;
    sheet.getCell("E5").value = 150;
    sheet.getCell("J5").value = "LS1/abc/def/00000000";
    sheet.getCell("J6").value = formatLedgerKey({ taskId: T(1), unitId: U(1) });
    sheet.getCell("F6").value = "重复的一行";
    sheet.getCell("E7").value = { formula: "A1*2" } as ExcelJS.CellFormulaValue;
    sheet.getCell("D8").value = { error: "#N/A" } as ExcelJS.CellErrorValue;
    sheet.getCell("E8").value = "八成";
    sheet.getCell("F10").value = "自行加的一行";

    const result = await readWorkLedger(await saveWorkbook(workbook));
    expect(result.problems).toEqual([
      {
        rowNumber: 4,
        column: "状态",
        message: "无法识别的状态“差不多”，应为：未启动、推进中、已完成、滞后、无法完成",
      },
      {
        rowNumber: 4,
        column: "进度(%)",
        message: "进度“0.5”含义不明，请填写 0 到 100 之间的数字（如 80 或 80%）",
      },
      {
        rowNumber: 5,
        column: "行标识",
        message: "行标识已被修改或损坏，无法对应到任务；请使用系统导出的台账填写",
      },
      {
        rowNumber: 5,
        column: "进度(%)",
        message: "进度超出范围，请填写 0 到 100 之间的数字（如 80 或 80%）",
      },
      { rowNumber: 6, column: "行标识", message: "行标识与第 4 行重复，同一任务和单位只能填报一行" },
      {
        rowNumber: 7,
        column: "进度(%)",
        message: "单元格是公式但没有计算结果，请在 Excel 中重新计算并保存后再上传",
      },
      {
        rowNumber: 8,
        column: "状态",
        message: "单元格为错误值“#N/A”，应为：未启动、推进中、已完成、滞后、无法完成",
      },
      {
        rowNumber: 8,
        column: "进度(%)",
        message: "无法识别的进度“八成”，请填写 0 到 100 之间的数字（如 80 或 80%）",
      },
      {
        rowNumber: 10,
        column: "行标识",
        message: "该行没有行标识，无法对应到任务；请勿在台账中自行插入行或清除行标识列",
      },
    ]);
    expect(
      result.rows.map((row) => [row.rowNumber, row.key?.taskId ?? null, row.status, row.progress]),
    ).toEqual([
      [4, T(1), null, null],
      [5, null, null, null],
      [6, T(1), null, null],
      [7, T(4), null, null],
      [8, T(5), null, null],
      [10, null, null, null],
    ]);
    expect(result.rows[5]!.narrative).toBe("自行加的一行");
  });
});
