import { describe, expect, it } from "vitest";
import { scanLines } from "./lines.js";
import { buildOutline } from "./outline.js";
import type { HeadingNode, OutlineNode } from "./types.js";

function outline(text: string, removed: { start: number; end: number }[] = []) {
  const { lines } = scanLines(text);
  return buildOutline(text, lines, new Set(), removed);
}

/** The tree as `marker+title` labels, children indented by two spaces. */
function labels(nodes: OutlineNode[], indent = ""): string[] {
  return nodes.flatMap((n) =>
    n.type === "heading" ? [`${indent}${n.marker}${n.title}`, ...labels(n.children, `${indent}  `)] : [],
  );
}

describe("heading forms", () => {
  it.each([
    ["第一篇 总体要求", "part", 1, "第一篇", "总体要求"],
    ["第十二章 加快发展", "chapter", 12, "第十二章", "加快发展"],
    ["第三节 推进旅游产业升级", "section", 3, "第三节", "推进旅游产业升级"],
    ["一、发展目标", "cn", 1, "一、", "发展目标"],
    ["十一、工作要求", "cn", 11, "十一、", "工作要求"],
    ["（一）经济持续稳定增长", "cnParen", 1, "（一）", "经济持续稳定增长"],
    ["(十二)全力打造升级版", "cnParen", 12, "(十二)", "全力打造升级版"],
    ["1．加快重点基础设施建设", "arabic", 1, "1．", "加快重点基础设施建设"],
    ["2. 召开动员会议", "arabic", 2, "2.", "召开动员会议"],
    ["3、推进新型城镇化", "arabic", 3, "3、", "推进新型城镇化"],
    ["（1）办好各级各类教育", "arabicParen", 1, "（1）", "办好各级各类教育"],
    ["(2)健全基本社会服务体系", "arabicParen", 2, "(2)", "健全基本社会服务体系"],
    ["⑵健全基本社会服务体系", "arabicParen", 2, "⑵", "健全基本社会服务体系"],
    ["③加强医疗服务", "circled", 3, "③", "加强医疗服务"],
  ])("%s", (text, style, ordinal, marker, title) => {
    const [node] = outline(text).outline as HeadingNode[];
    expect(node).toMatchObject({
      type: "heading",
      style,
      ordinal,
      marker,
      title,
      span: { start: 0, end: text.length },
    });
  });

  it("does not take numbers for markers", () => {
    const text = "2.4倍的增长\n2017年地区生产总值翻一番\n10%的比例";
    expect(outline(text).headings).toEqual([]);
  });
});

describe("tree", () => {
  it("nests styles in the order they first appear and keeps paragraphs under their heading", () => {
    const text =
      "一、重点任务\n（一）加强领导\n1．建立机制\n（1）明确职责。落实到人。\n2．完善制度\n（二）强化保障\n二、工作要求";
    const result = outline(text);
    expect(labels(result.outline)).toEqual([
      "一、重点任务",
      "  （一）加强领导",
      "    1．建立机制",
      "      （1）明确职责",
      "    2．完善制度",
      "  （二）强化保障",
      "二、工作要求",
    ]);
    const paragraph = result.segments.find((s) => s.kind === "paragraph");
    expect(text.slice(paragraph?.span.start, paragraph?.span.end)).toBe("落实到人。");
    expect(paragraph?.headings.map((h) => h.marker)).toEqual(["一、", "（一）", "1．", "（1）"]);
  });

  it("keeps 篇 above 章 above 节 whatever came first", () => {
    const text = "第一章 总则\n第一节 目标\n一、要求\n第二章 任务\n第二篇 保障\n第三章 措施";
    expect(labels(outline(text).outline)).toEqual([
      "第一章总则",
      "  第一节目标",
      "    一、要求",
      "第二章任务",
      "第二篇保障",
      "  第三章措施",
    ]);
  });

  it("splits headings glued to their paragraph and run together on one line", () => {
    const text =
      "（一）全面打赢脱贫攻坚战。1．分类推进。坚持因地制宜。（责任单位：市扶贫办）（2）加强旅游交通设施建设。";
    const result = outline(text);
    expect(labels(result.outline)).toEqual([
      "（一）全面打赢脱贫攻坚战",
      "  1．分类推进",
      "    （2）加强旅游交通设施建设",
    ]);
    expect(
      result.segments.filter((s) => s.kind === "paragraph").map((s) => text.slice(s.span.start, s.span.end)),
    ).toEqual(["坚持因地制宜。（责任单位：市扶贫办）"]);
  });

  it("splits a first sub-heading glued to a short title", () => {
    expect(labels(outline("二、重点任务分工（一）全面打赢脱贫攻坚战。").outline)).toEqual([
      "二、重点任务分工",
      "  （一）全面打赢脱贫攻坚战",
    ]);
  });

  it("gives a heading whose first sentence is long no title", () => {
    const text =
      "（1）建立以镇乡街道、社区、企事业单位、社会组织为依托的网格化管理模式，鼓励开展各民族结对帮扶、共度节庆等交流活动。";
    const result = outline(text);
    expect(result.headings[0]?.title).toBe("");
    expect(result.segments[1]?.span).toEqual({ start: 3, end: text.length });
  });

  it("reads a Word TOC bookmark line without a number as a heading", () => {
    const text = "[bookmark: _Toc1][bookmark: _Toc2] 健全规划推进机制\n第一节 健全规划实施机制\n内容。";
    expect(labels(outline(text).outline)).toEqual(["健全规划推进机制", "  第一节健全规划实施机制"]);
  });
});

describe("numbering", () => {
  it("reports numbers out of order and accepts numbering that runs on across sections", () => {
    const text = "一、甲\n(一)子\n(二)丑\n二、乙\n(三)寅\n2．卯\n1．辰";
    const codes = outline(text).diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]);
    expect(codes).toEqual([
      ["numbering-out-of-order", "2．"],
      ["numbering-out-of-order", "1．"],
    ]);
  });
});

describe("tables", () => {
  it("reads a flattened table one cell per line with its caption and notes", () => {
    const text =
      "\t专栏2：主要指标\n\n\t序号\n\t指标\n\t2025年\n\n\t1\n\t森林覆盖率（%）\n\t≥65\n\n\t备注：带△为五年平均数。\n正文。";
    const { tables } = outline(text);
    expect(tables).toHaveLength(1);
    const table = tables[0]?.node;
    expect(table?.caption).toBe("专栏2：主要指标");
    expect(table?.notes).toBe("备注：带△为五年平均数。");
    expect(table?.rows.map((r) => r.map((c) => c.text))).toEqual([
      ["序号", "指标", "2025年"],
      ["1", "森林覆盖率（%）", "≥65"],
    ]);
    for (const cell of table?.rows.flat() ?? [])
      expect(text.slice(cell.span.start, cell.span.end)).toBe(cell.text);
  });

  it("reads tab-separated rows (the form ingest writes) and a cell continued on the next line", () => {
    const text =
      "\n\t序号\t重点任务\t牵头单位\n\t1\t加强领导\t区发展改革委\n\n\t24\n\t黔江区妇女儿童发展规划\n\t区妇儿工委办\n（区妇联）\n\n正文。";
    const table = outline(text).tables[0]?.node;
    expect(table?.rows.map((r) => r.map((c) => c.text))).toEqual([
      ["序号", "重点任务", "牵头单位"],
      ["1", "加强领导", "区发展改革委"],
      ["24", "黔江区妇女儿童发展规划", "区妇儿工委办（区妇联）"],
    ]);
  });
});

describe("captions", () => {
  it("takes a short 专栏 line directly above a table as its caption", () => {
    const text = "专栏1 “十四五”主要指标\n\t指标\t2025年\n\t森林覆盖率（%）\t58\n\n正文。";
    expect(outline(text).tables[0]?.node.caption).toBe("专栏1 “十四五”主要指标");
  });
});

describe("empty cells", () => {
  it("reads a line holding only a TAB as an empty cell, not as the end of the row", () => {
    const text = "\t序号\n\t指标\n\t属性\n\n\t\n\t#化学需氧量\n\t\n\n正文。";
    const table = outline(text).tables[0]?.node;
    expect(table?.rows.map((r) => r.map((c) => c.text))).toEqual([
      ["序号", "指标", "属性"],
      ["", "#化学需氧量", ""],
    ]);
  });
});

describe("repeated passages", () => {
  it("leaves removed spans out of the outline", () => {
    const text = "一、甲\n保留这一段。删除这一段。\n二、乙";
    const removeFrom = text.indexOf("删除");
    const result = outline(text, [{ start: removeFrom, end: removeFrom + 6 }]);
    const paragraphs = result.segments
      .filter((s) => s.kind === "paragraph")
      .map((s) => text.slice(s.span.start, s.span.end));
    expect(paragraphs).toEqual(["保留这一段。"]);
  });
});
