import { describe, expect, it } from "vitest";
import { scanLines } from "./lines.js";
import { readMeta } from "./meta.js";

function meta(text: string, facts = {}) {
  return readMeta(text, scanLines(text).lines, facts);
}

describe("header", () => {
  it("joins a title laid out over lines with its issuer line and reads 文号 and recipients", () => {
    const text =
      "某某县人民政府办公室\n关于印发某某工作\n实施方案的通知\n某府办发〔2024〕12号\n各乡镇人民政府，县级各部门：\n为推进……，现将方案印发给你们，请认真贯彻落实。这是一段很长的正文内容，用来确认正文从这里开始，而不是标题的一部分。";
    const { meta: m, skipLines } = meta(text);
    expect(m.title?.value).toBe("某某县人民政府办公室关于印发某某工作实施方案的通知");
    expect(m.issuers.map((i) => i.value)).toEqual(["某某县人民政府办公室"]);
    expect(m.docNumber).toEqual({ value: "某府办发〔2024〕12号", span: { start: 28, end: 41 } });
    expect(m.recipients.map((r) => r.value)).toEqual(["各乡镇人民政府", "县级各部门"]);
    expect([...skipLines].sort()).toEqual([0, 1, 2]);
  });

  it("cuts a run-together header line at the 文种 and reads the glued 发布日期", () => {
    const text =
      "某市人民政府办公厅关于做好某项工作的通知发布日期:2019-03-08某市人民政府办公厅关于做好某项工作的通知某府办发〔2019〕7号各区县人民政府，市政府各部门：为做好某项工作，经市政府同意，现通知如下。一、总体要求";
    const { meta: m } = meta(text);
    expect(m.title?.value).toBe("某市人民政府办公厅关于做好某项工作的通知");
    expect(m.issuers.map((i) => i.value)).toEqual(["某市人民政府办公厅"]);
    expect(m.date).toMatchObject({ value: "2019-03-08", kind: "published" });
    expect(m.docNumber?.value).toBe("某府办发〔2019〕7号");
    expect(m.recipients.map((r) => r.value)).toEqual(["各区县人民政府", "市政府各部门"]);
  });

  it("reads a signature block with several issuers per line and a written date in Chinese numerals", () => {
    const text =
      "关于某事的通知\n正文第一段，内容较长，说明了事项的来龙去脉和具体要求，请各单位认真贯彻执行。\n\n  甲县民族宗教局 甲县乡村振兴局\n  甲县财政局\n  二〇一七年四月十三日\n";
    const { meta: m } = meta(text);
    expect(m.issuers.map((i) => i.value)).toEqual(["甲县民族宗教局", "甲县乡村振兴局", "甲县财政局"]);
    expect(m.date).toMatchObject({ value: "2017-04-13", kind: "written" });
  });

  it("reads disclosure fields as label/value lines and skips site chrome", () => {
    const text =
      "登录 | 注册\n\n政府信息公开\n  • 索引号\n    11341602003166647K/202004-00328\n  • 发布机构\n    某市财政局\n  • 文号\n    某财发〔2020〕3号\n  • 发布日期\n    2020-04-21\n  • 有效性\n    有效\n主题分类：财政\n文字大小：大 中 小\n关于某事的通知\n";
    const { meta: m, diagnostics, skipLines } = meta(text);
    expect(m.disclosure.indexNumber?.value).toBe("11341602003166647K/202004-00328");
    expect(m.disclosure.publisher?.value).toBe("某市财政局");
    expect(m.disclosure.validity?.value).toBe("有效");
    expect(m.disclosure.topic?.value).toBe("财政");
    expect(m.docNumber?.value).toBe("某财发〔2020〕3号");
    expect(m.date).toMatchObject({ value: "2020-04-21", kind: "published" });
    expect(m.title?.value).toBe("关于某事的通知");
    expect(m.issuers.map((i) => i.value)).toEqual(["某市财政局"]);
    expect(
      diagnostics.filter((d) => d.code === "web-chrome").map((d) => text.slice(d.span.start, d.span.end)),
    ).toEqual(["登录 | 注册", "政府信息公开", "文字大小：大 中 小"]);
    expect(skipLines.has(0)).toBe(true);
  });

  it("does not take a cited 文号 for the document's own", () => {
    const text =
      "关于落实某规划的通知\n为贯彻落实《某规划》（国发〔2016〕79号），结合实际，现就有关事项通知如下。这是一段很长的正文内容，确认正文开始。";
    expect(meta(text).meta.docNumber).toBeUndefined();
  });

  it("falls back to ingest facts and infers a title from a leading 《》", () => {
    const text = " 《某区国民经济和社会发展第十四个五年规划纲要》，根据某建议编制，是今后五年的行动纲领。";
    const { meta: m, diagnostics } = meta(text, {
      docNumber: "某府发〔2021〕1号",
      publisher: "某区人民政府",
    });
    expect(m.title).toEqual({
      value: "某区国民经济和社会发展第十四个五年规划纲要",
      span: { start: 2, end: 23 },
    });
    expect(diagnostics.map((d) => d.code)).toContain("title-inferred");
    expect(m.docNumber).toEqual({ value: "某府发〔2021〕1号", span: { start: 0, end: 0 } });
    expect(m.disclosure.publisher?.value).toBe("某区人民政府");
  });
});
