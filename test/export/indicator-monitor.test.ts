import { describe, expect, it } from "vitest";
import { writeIndicatorMonitor } from "../../src/export/xlsx/index.js";
import { openWorkbook, worksheetXml } from "./xlsx-helpers.js";

async function written() {
  const bytes = await writeIndicatorMonitor({
    documentTitle: "万州区国民经济和社会发展第十四个五年规划纲要",
    docNumber: null,
    baseYear: 2020,
    targetYear: 2025,
    years: [2021, 2022, 2023],
    rows: [
      {
        name: "地区生产总值年均增长",
        unit: "%",
        nature: "expected",
        baseline: 3.9,
        target: "6左右",
        actuals: { 2021: 8.1, 2023: 6.2 },
        statusLabel: "进展顺利",
      },
      {
        name: "单位地区生产总值能耗降低",
        unit: "%",
        nature: "binding",
        baseline: null,
        target: "完成市下达任务",
        actuals: { 2022: "达标" },
        statusLabel: null,
      },
      {
        name: '=HYPERLINK("http://evil.example")',
        unit: null,
        nature: null,
        baseline: "+1",
        target: "-1",
        actuals: { 2021: "@x" },
        statusLabel: "=1",
      },
    ],
  });
  const workbook = await openWorkbook(bytes);
  return { bytes, sheet: workbook.getWorksheet("指标监测")! };
}

describe("writeIndicatorMonitor", () => {
  it("puts one 实际值 column per year under a merged heading, other headers merged down", async () => {
    const { sheet } = await written();
    expect(sheet.getCell("A1").value).toBe("《万州区国民经济和社会发展第十四个五年规划纲要》主要指标监测表");
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      "序号",
      "指标",
      "单位",
      "属性",
      "基期值（2020年）",
      "目标值（2025年）",
      "实际值",
      "实际值",
      "实际值",
      "状态",
    ]);
    expect(["G3", "H3", "I3"].map((address) => sheet.getCell(address).value)).toEqual([
      "2021年",
      "2022年",
      "2023年",
    ]);
    // 6 leading columns + 3 years + 状态 = 10 columns; the title spans them all.
    expect([...sheet.model.merges].sort()).toEqual(
      ["A1:J1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:F3", "G2:I2", "J2:J3"].sort(),
    );
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 3 });
    expect(sheet.pageSetup.printTitlesRow).toBe("2:3");
  });

  it("writes numbers as numbers and text targets as text, each year in its own column", async () => {
    const { sheet } = await written();
    const cells = (row: number) => [...Array(10).keys()].map((c) => sheet.getCell(row, c + 1).value);
    expect(cells(4)).toEqual([
      "1",
      "地区生产总值年均增长",
      "%",
      "预期性",
      3.9,
      "6左右",
      8.1,
      null,
      6.2,
      "进展顺利",
    ]);
    expect(cells(5)).toEqual([
      "2",
      "单位地区生产总值能耗降低",
      "%",
      "约束性",
      null,
      "完成市下达任务",
      null,
      "达标",
      null,
      null,
    ]);
  });

  it("keeps formula payloads as text", async () => {
    const { sheet, bytes } = await written();
    for (const xml of worksheetXml(bytes).values()) expect(xml).not.toMatch(/<f[ >]/);
    expect(sheet.getCell("B6").value).toBe('=HYPERLINK("http://evil.example")');
    expect(sheet.getCell("E6").value).toBe("+1");
    expect(sheet.getCell("G6").value).toBe("@x");
    expect(sheet.getCell("J6").value).toBe("=1");
  });
});
