import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { NO_DEADLINE } from "../../src/ingest/deadline.js";
import { IngestError } from "../../src/ingest/errors.js";
import { docxGrid, htmlGrid, tableLines } from "../../src/ingest/table.js";
import { crc32, crc32Portable, ZipReader } from "../../src/ingest/zip.js";

const cell = (text: string, colSpan = 1, rowSpan = 1) => ({ text, colSpan, rowSpan });

describe("table contract", () => {
  it("writes TAB + cells joined by TAB, collapses cell whitespace, drops empty rows", () => {
    expect(
      tableLines([
        ["序号", "重点\n任务\t（一）"],
        ["", ""],
        ["1", "  推进  "],
      ]),
    ).toEqual(["\t序号\t重点 任务 （一）", "\t1\t推进"]);
  });

  it("HTML: colspan is followed by empty cells, rowspan repeats the text below, also at the row end", () => {
    const grid = htmlGrid([
      [cell("类别", 1, 3), cell("指标", 2), cell("属性", 1, 2)],
      [cell("名称"), cell("目标")],
      [cell("GDP增速"), cell("6%"), cell("预期性")],
      [cell("合计", 3), cell("")],
    ]);
    expect(grid).toEqual([
      ["类别", "指标", "", "属性"],
      ["类别", "名称", "目标", "属性"],
      ["类别", "GDP增速", "6%", "预期性"],
      ["合计", "", "", ""],
    ]);
  });

  it("HTML: a cell spanning rows and columns carries its text once per row and blanks after it", () => {
    expect(htmlGrid([[cell("甲", 2, 2), cell("乙")], [cell("丙")]])).toEqual([
      ["甲", "", "乙"],
      ["甲", "", "丙"],
    ]);
  });

  it("DOCX: gridSpan and gridBefore keep columns aligned; vMerge continuation takes the text above", () => {
    const grid = docxGrid([
      {
        gridBefore: 0,
        cells: [
          { text: "序号", gridSpan: 1 },
          { text: "任务", gridSpan: 2 },
          { text: "时限", gridSpan: 1 },
        ],
      },
      {
        gridBefore: 0,
        cells: [
          { text: "1", gridSpan: 1 },
          { text: "甲", gridSpan: 1 },
          { text: "乙", gridSpan: 1 },
          { text: "年底前", gridSpan: 1, vMerge: "restart" },
        ],
      },
      {
        gridBefore: 1,
        cells: [
          { text: "丙", gridSpan: 2 },
          { text: "ignored", gridSpan: 1, vMerge: "continue" },
        ],
      },
    ]);
    expect(grid).toEqual([
      ["序号", "任务", "", "时限"],
      ["1", "甲", "乙", "年底前"],
      ["", "丙", "", "年底前"],
    ]);
  });
});

describe("bounded unzip", () => {
  it("reads stored and deflated entries and checks their CRC", () => {
    const zip = zipSync({
      "a.txt": [strToU8("甲".repeat(100)), { level: 0 }],
      "b.txt": strToU8("乙".repeat(100)),
    });
    const reader = new ZipReader(zip, NO_DEADLINE);
    expect(new TextDecoder().decode(reader.read("a.txt"))).toBe("甲".repeat(100));
    expect(new TextDecoder().decode(reader.read("b.txt"))).toBe("乙".repeat(100));
    expect(reader.read("missing.txt")).toBeUndefined();
    expect(crc32(strToU8("123456789"))).toBe(0xcbf43926);
    expect(crc32Portable(strToU8("123456789"))).toBe(0xcbf43926);
  });

  it("notices a corrupted entry", () => {
    const zip = zipSync({ "a.txt": [strToU8("0123456789".repeat(10)), { level: 0 }] });
    const at = Buffer.from(zip).indexOf("0123456789"); // the stored data
    zip[at + 5] = 0x36;
    const reader = new ZipReader(zip, NO_DEADLINE);
    expect(() => reader.read("a.txt")).toThrow(IngestError);
    expect(() => reader.read("a.txt")).toThrow(/CRC mismatch/);
  });
});
