import { describe, expect, it } from "vitest";
import {
  DEFAULT_MARK_LEGEND,
  foldWidth,
  parseAmount,
  parseChineseNumber,
  parseValue,
  readMarkLegend,
  readValue,
} from "./values.js";

const span = { start: 10, end: 20 };

describe("parseValue", () => {
  it.each([
    // raw, value, comparator, marks, qualitative
    ["7△", 7, undefined, ["average"], undefined],
    ["【250】", 250, undefined, ["cumulative"], undefined],
    ["【  】", undefined, undefined, ["cumulative"], undefined],
    ["≥65", 65, ">=", [], undefined],
    ["<5.5", 5.5, "<", [], undefined],
    ["＜5.5", 5.5, "<", [], undefined],
    ["3以上", 3, ">=", [], undefined],
    ["350左右△", 350, "≈", ["average"], undefined],
    ["95以上", 95, ">=", [], undefined],
    ["335以上", 335, ">=", [], undefined],
    ["达标", undefined, undefined, [], "达标"],
    ["达到市上要求", undefined, undefined, [], "达到市上要求"],
    ["10.7:29.6:59.7", undefined, undefined, [], undefined],
    ["2.4:1", undefined, undefined, [], undefined],
    ["－", undefined, undefined, [], undefined],
    ["-", undefined, undefined, [], undefined],
    ["—", undefined, undefined, [], undefined],
    ["1100亿元", 1100, undefined, [], undefined],
    ["35290万元", 35290, undefined, [], undefined],
    ["9%左右", 9, "≈", [], undefined],
    ["不低于90%", 90, ">=", [], undefined],
    ["百分之百", 100, undefined, [], undefined],
    ["９５％以上", 95, ">=", [], undefined],
    ["0.04", 0.04, undefined, [], undefined],
    ["≤10", 10, "<=", [], undefined],
    ["超过20", 20, ">", [], undefined],
    ["约50", 50, "≈", [], undefined],
    ["100以下", 100, "<=", [], undefined],
    ["低于5", 5, "<", [], undefined],
    ["不高于35", 35, "<=", [], undefined],
    ["【500】△", 500, undefined, ["cumulative", "average"], undefined],
    ["十二", 12, undefined, [], undefined],
  ] as const)("%s", (raw, value, comparator, marks, qualitative) => {
    const parsed = parseValue(raw, span);
    expect(parsed.raw).toBe(raw);
    expect(parsed.span).toEqual(span);
    expect(parsed.value).toBe(value);
    expect(parsed.comparator).toBe(comparator);
    expect(parsed.marks).toEqual(marks);
    expect(parsed.qualitative).toBe(qualitative);
  });

  it("keeps raw exactly as written, padding included", () => {
    expect(parseValue(" 7△ ", span)).toEqual({ raw: " 7△ ", value: 7, marks: ["average"], span });
  });

  it("leaves out keys it cannot fill", () => {
    expect(parseValue("－", span)).toEqual({ raw: "－", marks: [], span });
    expect(Object.keys(parseValue("≥65", span)).sort()).toEqual([
      "comparator",
      "marks",
      "raw",
      "span",
      "value",
    ]);
  });

  it("follows the legend a 备注 gives", () => {
    const legend = readMarkLegend("备注：带“△”的为重点专项规划");
    expect(parseValue("7△", span, legend).marks).toEqual([]);
    expect(parseValue("【7】", span, legend).marks).toEqual(["cumulative"]);
    const swapped = { "【】": "average", "△": "cumulative" } as const;
    expect(parseValue("【7】△", span, swapped).marks).toEqual(["average", "cumulative"]);
  });
});

describe("readValue", () => {
  it("keeps the unit, the ratio, the range and the none flag", () => {
    expect(readValue("1100亿元")).toEqual({ value: 1100, unit: "亿元", marks: [] });
    expect(readValue("9%左右")).toEqual({ value: 9, unit: "%", comparator: "≈", marks: [] });
    expect(readValue("百分之百")).toEqual({ value: 100, unit: "%", marks: [] });
    expect(readValue("10.7:29.6:59.7")).toEqual({ ratio: [10.7, 29.6, 59.7], marks: [] });
    expect(readValue("2.4:1")).toEqual({ ratio: [2.4, 1], marks: [] });
    expect(readValue("25～30")).toEqual({ range: [25, 30], marks: [] });
    expect(readValue("－")).toEqual({ none: true, marks: [] });
    expect(readValue("1,100")).toEqual({ value: 1100, marks: [] });
    expect(readValue("累计250")).toEqual({ value: 250, marks: ["cumulative"] });
  });
});

describe("readMarkLegend", () => {
  it("reads the 备注 of a 完成情况 table", () => {
    const legend = readMarkLegend(
      "备注：1.【  】为规划期累计数，带△为五年平均数；2.固定资产投资总额含跨区完成投资；3.城镇、农村常住居民人均可支配收入年均增速高于全市平均水平1.5个百分点。",
    );
    expect(legend["【】"]).toBe("cumulative");
    expect(legend["△"]).toBe("average");
  });

  it("reads 带【】为五年累计数，带△为五年平均数", () => {
    expect(readMarkLegend("备注：带【】为五年累计数，带△为五年平均数。")).toEqual({
      "【】": "cumulative",
      "△": "average",
    });
  });

  it("keeps the defaults without notes and marks symbols given another meaning", () => {
    expect(readMarkLegend(undefined)).toEqual(DEFAULT_MARK_LEGEND);
    expect(readMarkLegend("备注：带“△”的为重点专项规划")).toEqual({ "【】": "cumulative", "△": null });
    expect(readMarkLegend("注：*为五年累计数")["*"]).toBe("cumulative");
  });
});

describe("parseChineseNumber", () => {
  it.each([
    ["一", 1],
    ["十", 10],
    ["十二", 12],
    ["二十三", 23],
    ["一百零五", 105],
    ["三万五千", 35000],
    ["一亿二千万", 120000000],
    ["三点五", 3.5],
    ["二〇三五", 2035],
    ["二○三五", 2035],
    ["二零二五", 2025],
    ["１２", 12],
    ["1.5亿", 150000000],
  ] as const)("%s → %d", (text, value) => {
    expect(parseChineseNumber(text)).toBe(value);
  });

  it("refuses other text", () => {
    expect(parseChineseNumber("")).toBeUndefined();
    expect(parseChineseNumber("创新")).toBeUndefined();
    expect(parseChineseNumber("三次")).toBeUndefined();
  });
});

describe("parseAmount", () => {
  it("multiplies 万 and 亿 and keeps the unit", () => {
    expect(parseAmount("1100亿元")).toEqual({
      value: 1100,
      unit: "亿元",
      multiplier: 1e8,
      normalized: 110000000000,
      baseUnit: "元",
    });
    expect(parseAmount("35290万元")).toEqual({
      value: 35290,
      unit: "万元",
      multiplier: 1e4,
      normalized: 352900000,
      baseUnit: "元",
    });
    expect(parseAmount("245.2亿元")?.normalized).toBe(24520000000);
    expect(parseAmount("20万")).toEqual({
      value: 20,
      unit: "万",
      multiplier: 1e4,
      normalized: 200000,
      baseUnit: "",
    });
    expect(parseAmount("１２万人")?.unit).toBe("万人");
  });

  it("is not fooled by names and class names", () => {
    expect(parseAmount("万元工业增加值用水量")).toBeUndefined();
    expect(parseAmount("亿元以上企业")).toBeUndefined();
    expect(parseAmount("10个亿元以上项目")).toBeUndefined();
  });
});

describe("foldWidth", () => {
  it("maps one UTF-16 unit to one", () => {
    const text = "ＰＭ２．５浓度（％）　＜３５";
    const folded = foldWidth(text);
    expect(folded).toBe("PM2.5浓度(%) <35");
    expect(folded.length).toBe(text.length);
  });
});
