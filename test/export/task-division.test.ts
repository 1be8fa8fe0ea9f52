import { describe, expect, it } from "vitest";
import { writeTaskDivisionTable, type TaskDivisionRow } from "../../src/export/xlsx/index.js";
import { openWorkbook, partXml, worksheetXml } from "./xlsx-helpers.js";

const LONG_HEADING = "加快推进农业农村现代化建设步伐"; // 15 CJK characters
const LONG_CONTENT = "统筹推进高标准农田建设".repeat(8); // 80 CJK characters

const rows: TaskDivisionRow[] = [
  {
    heading: LONG_HEADING,
    content: "建设高标准农田5万亩",
    leadUnits: ["区农业农村委"],
    coUnits: ["区发展改革委", "区财政局"],
    deadline: "2025年底前",
  },
  { heading: LONG_HEADING, content: LONG_CONTENT, leadUnits: ["区农业农村委"], coUnits: [], deadline: null },
  {
    heading: LONG_HEADING,
    content: "发展乡村旅游",
    leadUnits: ["区文化旅游委"],
    coUnits: [],
    deadline: "长期坚持",
  },
  {
    heading: "改善农村人居环境",
    content: "推进厕所革命",
    leadUnits: ["区城市管理局"],
    coUnits: [],
    deadline: null,
  },
  { heading: null, content: "加强组织领导", leadUnits: ["区政府办公室"], coUnits: [], deadline: null },
  { heading: null, content: "强化督查考核", leadUnits: ["区政府督查办"], coUnits: [], deadline: null },
  {
    heading: "改善农村人居环境",
    content: "治理农村生活污水",
    leadUnits: ["区生态环境局", "区住房城乡建委"],
    coUnits: ["各镇乡（街道）"],
    deadline: "2023年6月",
  },
];

async function written() {
  const bytes = await writeTaskDivisionTable({
    documentTitle: "万州区乡村振兴实施方案",
    docNumber: "万州府办发〔2022〕12号",
    rows,
  });
  const workbook = await openWorkbook(bytes);
  return { bytes, workbook, sheet: workbook.getWorksheet("任务分工表")! };
}

describe("writeTaskDivisionTable", () => {
  it("writes the title, the 文号 and the six headers", async () => {
    const { sheet } = await written();
    expect(sheet.getCell("A1").value).toBe("《万州区乡村振兴实施方案》重点任务分工表");
    expect(sheet.getCell("A2").value).toBe("万州府办发〔2022〕12号");
    expect(sheet.getRow(3).values).toEqual([
      undefined,
      "序号",
      "重点任务",
      "具体内容",
      "牵头单位",
      "责任单位",
      "完成时限",
    ]);
    expect(sheet.getRow(4).values).toEqual([
      undefined,
      "1",
      LONG_HEADING,
      "建设高标准农田5万亩",
      "区农业农村委",
      "区发展改革委、区财政局",
      "2025年底前",
    ]);
    expect(sheet.getCell("D10").value).toBe("区生态环境局、区住房城乡建委");
    expect(sheet.getCell("A10").value).toBe("7");
  });

  it("merges the title rows and each run of equal headings, and nothing else", async () => {
    const { sheet } = await written();
    // Rows 4–6 share the first heading; rows 8–9 have none; row 10 repeats a heading after a gap.
    expect([...sheet.model.merges].sort()).toEqual(["A1:F1", "A2:F2", "B4:B6"]);
    expect(sheet.getCell("B5").master.address).toBe("B4");
    expect(sheet.getCell("B7").value).toBe("改善农村人居环境");
    expect(sheet.getCell("B10").isMerged).toBe(false);
  });

  it("freezes the rows above the first task and repeats the header row when printing", async () => {
    const { sheet, bytes } = await written();
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 3, xSplit: 0 });
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", fitToWidth: 1 });
    expect(partXml(bytes, "xl/workbook.xml")).toContain(
      `<definedName name="_xlnm.Print_Titles" localSheetId="0">&apos;任务分工表&apos;!$3:$3</definedName>`,
    );
  });

  it("sizes columns for CJK text (16 px a character, 7 px a width unit) within each column's bounds", async () => {
    const { sheet } = await written();
    const widths = [1, 2, 3, 4, 5, 6].map((c) => sheet.getColumn(c).width);
    // Width = ⌈(pixels + 12) / 7⌉ with 16 px a CJK character and 8 px others at 12 pt.
    // 序号 fixed 7; heading 15 CJK → 36, capped at 24; content 80 CJK capped at 60;
    // 区生态环境局、区住房城乡建委 14 CJK → 34, capped at 24; 区发展改革委、区财政局 11 CJK → ⌈188/7⌉ = 27;
    // 2025年底前 = 4×8 + 3×16 = 80 px → ⌈92/7⌉ = 14.
    expect(widths).toEqual([7, 24, 60, 24, 27, 14]);
  });

  it("sets row heights: 16 pt a wrapped line plus 6", async () => {
    const { sheet } = await written();
    // Usable pixels = width × 7 − 12. 80 CJK = 1280 px in a 60-wide column (408 px): 4 lines → 70 pt.
    expect(sheet.getRow(5).height).toBe(70);
    // One-line rows are 22 pt (区发展改革委、区财政局 = 176 px just fits 27 × 7 − 12 = 177 px);
    // the merged heading needs 240 px / 156 px → 2 lines = 38 ≤ 22 + 70 + 22.
    expect(sheet.getRow(4).height).toBe(22);
    expect(sheet.getRow(6).height).toBe(22);
    // 区生态环境局、区住房城乡建委 = 224 px in the 24-wide lead column (156 px): 2 lines.
    expect(sheet.getRow(10).height).toBe(38);
  });

  it("grows the last row of a merged heading that does not fit in its rows", async () => {
    const heading = "健全".repeat(20); // 40 CJK = 640 px in a 24-wide column (156 px): 5 lines = 86 pt
    const bytes = await writeTaskDivisionTable({
      documentTitle: "测试",
      rows: [
        { heading, content: "甲", leadUnits: ["乙"], coUnits: [], deadline: null },
        { heading, content: "丙", leadUnits: ["丁"], coUnits: [], deadline: null },
      ],
    });
    const sheet = (await openWorkbook(bytes)).getWorksheet("任务分工表")!;
    // No 文号: header in row 2, tasks in rows 3–4; 22 + 22 = 44 < 86, so row 4 gets 22 + 42.
    expect(sheet.getCell("A2").value).toBe("序号");
    expect(sheet.getRow(3).height).toBe(22);
    expect(sheet.getRow(4).height).toBe(64);
  });

  it("makes the title row taller for a title that wraps at 18 pt", async () => {
    const { sheet } = await written();
    // 《…》重点任务分工表 = 20 CJK × 24 px (18 pt) = 480 px ≤ 156 × 7 − 12: one line, 40 pt.
    expect(sheet.getRow(1).height).toBe(40);
    const bytes = await writeTaskDivisionTable({
      documentTitle: "关于".repeat(30),
      rows: [{ heading: "甲", content: "乙", leadUnits: ["丙"], coUnits: [], deadline: null }],
    });
    const long = (await openWorkbook(bytes)).getWorksheet("任务分工表")!;
    // 69 CJK × 24 px = 1656 px over columns 7+14+30+12+14+12 = 89 (89 × 7 − 12 = 611 px):
    // 3 lines of 24 pt plus 16.
    expect(long.getRow(1).height).toBe(88);
  });

  it("uses 仿宋 for the body, bold 宋体 for headers and the title, borders and wrapping", async () => {
    const { sheet } = await written();
    expect(sheet.getCell("C4").font).toMatchObject({ name: "仿宋", size: 12 });
    expect(sheet.getCell("C3").font).toMatchObject({ name: "宋体", bold: true });
    expect(sheet.getCell("A1").font).toMatchObject({ name: "宋体", size: 18, bold: true });
    expect(sheet.getCell("C4").alignment).toMatchObject({ wrapText: true, horizontal: "left" });
    expect(sheet.getCell("C4").border.bottom).toMatchObject({ style: "thin" });
  });

  it("writes no formula even for payloads that look like one", async () => {
    const payloads = ['=HYPERLINK("http://evil.example","点我")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1"];
    const bytes = await writeTaskDivisionTable({
      documentTitle: "=1+1",
      rows: payloads.map((p) => ({ heading: p, content: p, leadUnits: [p], coUnits: [p], deadline: p })),
    });
    for (const xml of worksheetXml(bytes).values()) expect(xml).not.toMatch(/<f[ >]/);
    const sheet = (await openWorkbook(bytes)).getWorksheet("任务分工表")!;
    expect(sheet.getCell("A1").value).toBe("《=1+1》重点任务分工表");
    payloads.forEach((p, i) => {
      expect(sheet.getCell(3 + i, 3).value).toBe(p);
      expect(sheet.getCell(3 + i, 3).numFmt).toBe("@");
    });
  });
});
