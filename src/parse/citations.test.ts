import { describe, expect, it } from "vitest";
import { findCitations } from "./citations.js";

describe("citations", () => {
  it("reads title, 文号 and abbreviation, and points later uses of the abbreviation back", () => {
    const text =
      "为贯彻落实国务院《“十三五”促进民族地区发展规划》（国发〔2016〕79号，以下简称《规划》），按照《规划》要求";
    const citations = findCitations(text);
    expect(citations).toEqual([
      {
        id: "c1",
        title: "“十三五”促进民族地区发展规划",
        docNumber: "国发〔2016〕79号",
        alias: "规划",
        span: { start: 8, end: 47 },
      },
      { id: "c2", alias: "规划", aliasOf: "c1", span: { start: 50, end: 54 } },
    ]);
    expect(text.slice(8, 47)).toBe("《“十三五”促进民族地区发展规划》（国发〔2016〕79号，以下简称《规划》）");
    expect(text.slice(50, 54)).toBe("《规划》");
  });

  it("keeps nested 〈〉 and <> inside a title and reads a standalone 文号", () => {
    const text =
      "根据《国家民委关于印发〈示范单位命名办法〉的通知》和《关于印发<测评指标>的通知》精神，参照渝府办发〔2017〕54号执行。";
    const citations = findCitations(text);
    expect(citations.map((c) => [c.title, c.docNumber])).toEqual([
      ["国家民委关于印发〈示范单位命名办法〉的通知", undefined],
      ["关于印发<测评指标>的通知", undefined],
      [undefined, "渝府办发〔2017〕54号"],
    ]);
  });

  it("skips the document's own title, unclosed brackets and empty 《》", () => {
    const text = "关于印发《某方案》的通知\n《》《未闭合的书名号\n下一行";
    expect(findCitations(text, [{ start: 0, end: 12 }])).toEqual([]);
  });

  it("does not read past a line end", () => {
    const text = "《第一行\n第二行》";
    expect(findCitations(text)).toEqual([]);
  });
});
