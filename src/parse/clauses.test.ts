import { describe, expect, it } from "vitest";
import { findClauses, type Clause } from "./clauses.js";
import { isCollectiveUnit, looksLikeUnitName, splitUnitList } from "./units-split.js";

type Row = [unit: string, role: "lead" | "co", collective: boolean];

function scan(text: string, from = 0, to = text.length) {
  return findClauses(text, from, to);
}

/** The single clause of `text`, with every unit span checked against the text. */
function only(text: string): Clause {
  const { clauses } = scan(text);
  expect(clauses).toHaveLength(1);
  const clause = clauses[0] as Clause;
  expectSpansExact(text, clause);
  return clause;
}

function expectSpansExact(text: string, clause: Clause): void {
  for (const a of clause.assignments) expect(text.slice(a.span.start, a.span.end)).toBe(a.unit);
}

function rows(clause: Clause): Row[] {
  return clause.assignments.map((a) => [a.unit, a.role, a.collective]);
}

function spanText(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end);
}

describe("bracketed 责任单位 lists", () => {
  it("first listed unit leads, the rest co; exact offsets", () => {
    const text = "加快建设。（责任单位：市发展改革委、市财政局、市教委）";
    const clause = only(text);
    expect(clause.form).toBe("bracket-responsible");
    expect(clause.span).toEqual({ start: 5, end: 27 });
    expect(clause.assignments).toEqual([
      { unit: "市发展改革委", role: "lead", collective: false, inferred: true, span: { start: 11, end: 17 } },
      { unit: "市财政局", role: "co", collective: false, span: { start: 18, end: 22 } },
      { unit: "市教委", role: "co", collective: false, span: { start: 23, end: 26 } },
    ]);
    expect(scan(text).diagnostics).toEqual([]);
  });

  it("corpus 002: 〔…〕 with nested parentheses and a collective after ，", () => {
    const text =
      "不断加大对少数民族干部的选用力度。〔责任单位：县委组织部、县委统战部、县委党校（县行政学校）、县教委、县民族宗教委、县人力社保局，各乡镇（街道）〕";
    const clause = only(text);
    expect(clause.form).toBe("bracket-responsible");
    expect(spanText(text, clause.span)).toBe(
      "〔责任单位：县委组织部、县委统战部、县委党校（县行政学校）、县教委、县民族宗教委、县人力社保局，各乡镇（街道）〕",
    );
    expect(rows(clause)).toEqual([
      ["县委组织部", "lead", false],
      ["县委统战部", "co", false],
      ["县委党校（县行政学校）", "co", false],
      ["县教委", "co", false],
      ["县民族宗教委", "co", false],
      ["县人力社保局", "co", false],
      ["各乡镇（街道）", "co", true],
    ]);
  });

  it("corpus 002: a stray space before 、 is trimmed from the unit and its span", () => {
    const text = "〔责任单位：县委办公室、县政府办公室 、县人大常委会办公室，各乡镇（街道）〕";
    const clause = only(text);
    expect(rows(clause).map((r) => r[0])).toEqual([
      "县委办公室",
      "县政府办公室",
      "县人大常委会办公室",
      "各乡镇（街道）",
    ]);
    // 〔责任单位：(6) 县委办公室(5) 、(1) → 县政府办公室 at 12..18, then the space at 18.
    expect(clause.assignments[1]?.span).toEqual({ start: 12, end: 18 });
    expect(text[18]).toBe(" ");
  });

  it("corpus 000: a unit listed twice is reported and merged", () => {
    const text =
      "（责任单位：市城乡建委、市发展改革委、市规划局、市财政局、市规划局、市经济信息委、市公安局、市国土房管局、市民政局、市人力社保局、市农委、市环保局）（2）推进以民族文化为载体的新型城镇化建设。";
    const { clauses, diagnostics } = scan(text);
    expect(clauses).toHaveLength(1);
    const clause = clauses[0] as Clause;
    expectSpansExact(text, clause);
    expect(rows(clause).map((r) => r[0])).toEqual([
      "市城乡建委",
      "市发展改革委",
      "市规划局",
      "市财政局",
      "市经济信息委",
      "市公安局",
      "市国土房管局",
      "市民政局",
      "市人力社保局",
      "市农委",
      "市环保局",
    ]);
    expect(clause.assignments[0]?.role).toBe("lead");
    expect(clause.assignments.slice(1).every((a) => a.role === "co")).toBe(true);
    expect(diagnostics).toHaveLength(1);
    const duplicate = diagnostics[0];
    expect(duplicate?.code).toBe("duplicate-unit");
    expect(duplicate?.severity).toBe("warning");
    expect(duplicate?.message).toContain("市规划局");
    // First 市规划局 at 19..23 (（责任单位：=6, 市城乡建委=5, 、, 市发展改革委=6, 、), second at 29..33.
    expect(duplicate?.related).toEqual([{ start: 19, end: 23 }]);
    expect(duplicate?.span).toEqual({ start: 29, end: 33 });
    expect(spanText(text, clause.span)).toBe(text.slice(0, text.indexOf("（2）")));
  });

  it("a duplicate that is lead once and co once stays lead", () => {
    const text = "（责任单位：市财政局、市教委；牵头单位：市教委）";
    const { clauses, diagnostics } = scan(text);
    expect(rows(clauses[0] as Clause)).toEqual([
      ["市财政局", "co", false],
      ["市教委", "lead", false],
    ]);
    // The kept entry is the first one written.
    expect(clauses[0]?.assignments[1]?.span).toEqual({ start: 11, end: 14 });
    expect(diagnostics.map((d) => d.code)).toEqual(["duplicate-unit"]);
    expect(diagnostics[0]?.span).toEqual({ start: 20, end: 23 });
  });

  it("a trailing 等 is dropped; 各县（市、区）政府 is not split at the inner 、", () => {
    const text = "（责任单位：市卫生健康委等，各县（市、区）政府）";
    const clause = only(text);
    expect(rows(clause)).toEqual([
      ["市卫生健康委", "lead", false],
      ["各县（市、区）政府", "co", true],
    ]);
    expect(clause.assignments[0]?.span).toEqual({ start: 6, end: 12 });
  });

  it("collective assignees are kept whole and flagged", () => {
    const text =
      "（责任单位：区妇儿工委办（区妇联）、各区县（自治县）人民政府、市级各有关部门、各有关单位、市财政局等部门、市巩固脱贫攻坚推进乡村振兴领导小组成员单位）";
    const clause = only(text);
    expect(rows(clause)).toEqual([
      ["区妇儿工委办（区妇联）", "lead", false],
      ["各区县（自治县）人民政府", "co", true],
      ["市级各有关部门", "co", true],
      ["各有关单位", "co", true],
      ["市财政局等部门", "co", true],
      ["市巩固脱贫攻坚推进乡村振兴领导小组成员单位", "co", true],
    ]);
  });

  it("a role mark after a name overrides the first-listed rule", () => {
    const text = "（责任单位：市财政局、市发展改革委（牵头））";
    const clause = only(text);
    expect(clause.form).toBe("bracket-lead-responsible");
    expect(rows(clause)).toEqual([
      ["市财政局", "co", false],
      ["市发展改革委", "lead", false],
    ]);
    expect(clause.assignments[1]?.span).toEqual({ start: 11, end: 17 });
  });

  it("only the first-listed rule marks a lead as inferred", () => {
    const inferred = (text: string) => only(text).assignments.map((a) => a.inferred === true);
    expect(inferred("（责任单位：县教委、县财政局）")).toEqual([true, false]);
    expect(inferred("（牵头单位：县教委；责任单位：县财政局）")).toEqual([false, false]);
    expect(inferred("（责任单位：县财政局、县教委（牵头））")).toEqual([false, false]);
    expect(inferred("（县教委负责，县财政局配合）")).toEqual([false, false]);
    expect(inferred("牵头单位：县教委\n配合单位：县财政局")).toEqual([false, false]);
    // Inferred first, then written as lead: the written role wins.
    expect(inferred("（责任单位：县教委、县财政局；牵头单位：县教委）")).toEqual([false, false]);
  });

  it("负责单位 and 责任部门 are bare lists too", () => {
    expect(rows(only("（负责单位：县教委、县财政局）"))).toEqual([
      ["县教委", "lead", false],
      ["县财政局", "co", false],
    ]);
    expect(rows(only("【责任部门：县教委】"))).toEqual([["县教委", "lead", false]]);
  });
});

describe("bracketed 牵头单位 + 责任单位", () => {
  it("corpus 003: half-width (牵头单位:X;责任单位:成员单位)", () => {
    const text =
      "促进脱贫村民族团结进步、社会和谐稳定。(牵头单位:市乡村振兴局;责任单位:市巩固脱贫攻坚推进乡村振兴领导小组成员单位)";
    const clause = only(text);
    expect(clause.form).toBe("bracket-lead-responsible");
    expect(spanText(text, clause.span)).toBe(
      "(牵头单位:市乡村振兴局;责任单位:市巩固脱贫攻坚推进乡村振兴领导小组成员单位)",
    );
    expect(rows(clause)).toEqual([
      ["市乡村振兴局", "lead", false],
      ["市巩固脱贫攻坚推进乡村振兴领导小组成员单位", "co", true],
    ]);
  });

  it("corpus 003: the parts separated by a half-width comma", () => {
    const text =
      "(牵头单位:市发展改革局,责任单位:市教育体育局、市民族宗教局、市人力资源和社会保障局、市文化和旅游局、市卫生健康局、市乡村振兴局)";
    const clause = only(text);
    expect(rows(clause)).toEqual([
      ["市发展改革局", "lead", false],
      ["市教育体育局", "co", false],
      ["市民族宗教局", "co", false],
      ["市人力资源和社会保障局", "co", false],
      ["市文化和旅游局", "co", false],
      ["市卫生健康局", "co", false],
      ["市乡村振兴局", "co", false],
    ]);
    // (牵头单位:(6) 市发展改革局 at 6..12
    expect(clause.assignments[0]?.span).toEqual({ start: 6, end: 12 });
  });

  it("half-width (牵头单位:X,责任单位:Y) written from scratch", () => {
    const text = "(牵头单位:县教委,责任单位:县财政局)";
    const clause = only(text);
    expect(clause.span).toEqual({ start: 0, end: text.length });
    expect(clause.assignments).toEqual([
      { unit: "县教委", role: "lead", collective: false, span: { start: 6, end: 9 } },
      { unit: "县财政局", role: "co", collective: false, span: { start: 15, end: 19 } },
    ]);
  });

  it.each([
    ["（牵头单位：县教委，责任单位：县财政局、县人力社保局）"],
    ["（牵头单位：县教委；责任单位：县财政局、县人力社保局）"],
    ["（ 牵头单位 ： 县教委 ； 责任单位 ： 县财政局 、 县人力社保局 ）"],
    ["(牵头单位：县教委；责任单位:县财政局,县人力社保局)"],
  ])("separators and spaces: %s", (text) => {
    const clause = only(text);
    expect(clause.form).toBe("bracket-lead-responsible");
    expect(rows(clause)).toEqual([
      ["县教委", "lead", false],
      ["县财政局", "co", false],
      ["县人力社保局", "co", false],
    ]);
  });

  it.each([
    ["（牵头部门：市教委，配合部门：市财政局）"],
    ["（牵头责任单位：市教委；协同责任单位：市财政局）"],
    ["（主办单位：市教委；协办单位：市财政局）"],
    ["（承办单位：市教委；参与单位：市财政局）"],
    ["（牵头单位：市教委；配合单位：市财政局）"],
  ])("lead and co label variants: %s", (text) => {
    expect(rows(only(text))).toEqual([
      ["市教委", "lead", false],
      ["市财政局", "co", false],
    ]);
  });

  it("other fields in the bracket (完成时限, 牵头领导) are not units", () => {
    const text = "（牵头单位：县教委；牵头领导：张三；配合单位：县财政局；完成时限：2022年12月底前）";
    const clause = only(text);
    expect(clause.span).toEqual({ start: 0, end: text.length });
    expect(rows(clause)).toEqual([
      ["县教委", "lead", false],
      ["县财政局", "co", false],
    ]);
  });

  it("a label after other text inside the bracket makes the whole bracket the clause", () => {
    const text = "推进建设（2022年底前完成，责任单位：县教委、县财政局）。";
    const clause = only(text);
    expect(spanText(text, clause.span)).toBe("（2022年底前完成，责任单位：县教委、县财政局）");
    expect(rows(clause)).toEqual([
      ["县教委", "lead", false],
      ["县财政局", "co", false],
    ]);
  });

  it("a clause nested in a longer bracket text is the inner bracket only", () => {
    const text = "（具体分工另行通知（责任单位：县教委））";
    const clause = only(text);
    expect(spanText(text, clause.span)).toBe("（责任单位：县教委）");
    expect(rows(clause)).toEqual([["县教委", "lead", false]]);
  });
});

describe("labels on their own lines", () => {
  it("牵头单位：X / 配合单位：Y on consecutive lines form one clause", () => {
    const text = "加强统筹协调。\n牵头单位：县发展改革委\n配合单位：县财政局、县教委\n下一项任务。";
    const clause = only(text);
    expect(clause.form).toBe("own-line");
    expect(spanText(text, clause.span)).toBe("牵头单位：县发展改革委\n配合单位：县财政局、县教委");
    expect(rows(clause)).toEqual([
      ["县发展改革委", "lead", false],
      ["县财政局", "co", false],
      ["县教委", "co", false],
    ]);
    expect(clause.assignments[0]?.span).toEqual({ start: 13, end: 19 });
  });

  it("indented lines, a blank line between them, a trailing 完成时限 line", () => {
    const text = "  牵头单位：县发展改革委\n\n\u3000\u3000配合单位：县财政局\n  完成时限：2022年底";
    const clause = only(text);
    expect(spanText(text, clause.span)).toBe("牵头单位：县发展改革委\n\n\u3000\u3000配合单位：县财政局");
    expect(rows(clause)).toEqual([
      ["县发展改革委", "lead", false],
      ["县财政局", "co", false],
    ]);
  });

  it("both labels on one line, separated by spaces", () => {
    const text = "牵头单位：县发展改革委\u3000\u3000配合单位：县财政局";
    const clause = only(text);
    expect(clause.form).toBe("own-line");
    expect(clause.span).toEqual({ start: 0, end: text.length });
    expect(rows(clause)).toEqual([
      ["县发展改革委", "lead", false],
      ["县财政局", "co", false],
    ]);
  });

  it("a repeated label on the next line starts a new clause", () => {
    const text = "责任单位：县教委\n责任单位：县财政局、县民政局";
    const { clauses } = scan(text);
    expect(clauses.map((c) => spanText(text, c.span))).toEqual([
      "责任单位：县教委",
      "责任单位：县财政局、县民政局",
    ]);
    expect(rows(clauses[1] as Clause)).toEqual([
      ["县财政局", "lead", false],
      ["县民政局", "co", false],
    ]);
  });

  it("a label after a sentence end on the same line (inline)", () => {
    const text = "加快推进项目建设。责任单位：市发展改革委、市财政局。下一句话。";
    const clause = only(text);
    expect(clause.form).toBe("inline-label");
    expect(spanText(text, clause.span)).toBe("责任单位：市发展改革委、市财政局。");
    expect(rows(clause)).toEqual([
      ["市发展改革委", "lead", false],
      ["市财政局", "co", false],
    ]);
  });
});

describe("verb forms", () => {
  it("（X牵头，Y配合）", () => {
    const text = "推进改革。（市发展改革委牵头，市财政局、市教委配合）";
    const clause = only(text);
    expect(clause.form).toBe("x-lead-y-co");
    expect(clause.span).toEqual({ start: 5, end: text.length });
    expect(clause.assignments).toEqual([
      { unit: "市发展改革委", role: "lead", collective: false, span: { start: 6, end: 12 } },
      { unit: "市财政局", role: "co", collective: false, span: { start: 15, end: 19 } },
      { unit: "市教委", role: "co", collective: false, span: { start: 20, end: 23 } },
    ]);
  });

  it("（X牵头，Y按职责分工负责） with a collective Y", () => {
    const clause = only("（市发展改革委牵头，各区县（自治县）人民政府按职责分工负责）");
    expect(clause.form).toBe("x-lead-y-co");
    expect(rows(clause)).toEqual([
      ["市发展改革委", "lead", false],
      ["各区县（自治县）人民政府", "co", true],
    ]);
  });

  it("（X牵头，Y参与）", () => {
    expect(rows(only("（市教委牵头，市财政局参与）"))).toEqual([
      ["市教委", "lead", false],
      ["市财政局", "co", false],
    ]);
  });

  it("（X负责） and （X负责，Y配合）", () => {
    const alone = only("（县教委负责）");
    expect(alone.form).toBe("x-responsible");
    expect(rows(alone)).toEqual([["县教委", "lead", false]]);
    const paired = only("（县教委负责，县财政局配合）");
    expect(paired.form).toBe("x-responsible");
    expect(rows(paired)).toEqual([
      ["县教委", "lead", false],
      ["县财政局", "co", false],
    ]);
  });

  it("（由X牵头） with a nested name; the span excludes 由", () => {
    const text = "（由县委党校（县行政学校）牵头）";
    const clause = only(text);
    expect(clause.form).toBe("x-lead-y-co");
    expect(clause.assignments).toEqual([
      { unit: "县委党校（县行政学校）", role: "lead", collective: false, span: { start: 2, end: 13 } },
    ]);
  });

  it("half-width (X牵头,Y配合)", () => {
    expect(rows(only("(市发展改革委牵头,市财政局配合)"))).toEqual([
      ["市发展改革委", "lead", false],
      ["市财政局", "co", false],
    ]);
  });

  it("a time part is ignored: （X牵头，2022年底前完成）", () => {
    expect(rows(only("（县教委牵头，2022年底前完成）"))).toEqual([["县教委", "lead", false]]);
  });
});

describe("not clauses", () => {
  it.each([
    ["（国发〔2016〕79号，以下简称《规划》）"],
    ["保留并办好必要的乡村小规模学校（含教学点）。"],
    ["第一阶段（2021年12月—2022年6月）"],
    ["用好脱贫地区农副产品网络销售平台(832平台),广泛开展产销对接活动"],
    ["《弥勒市农村居民持续增收三年行动实施方案(2022-2024年)》"],
    ["（所需经费由县财政负责）"],
    ["（鼓励社会资本参与）"],
    ["（由政府引导、市场主导、社会参与）"],
    ["（1）加快重点基础设施建设。（二）促进经济跨越发展。"],
    ["各部门要明确牵头单位：主要负责同志亲自抓。"],
    ["（牵头）"],
    ["（2022年起实施）"],
  ])("%s", (text) => {
    const { clauses, diagnostics } = scan(text);
    expect(clauses).toEqual([]);
    expect(diagnostics).toEqual([]);
  });
});

describe("diagnostics for broken clauses", () => {
  it("an unclosed clause runs to the end of its line", () => {
    const text = "推进工作。（责任单位：市发展改革委、市财政局\n下一行（责任单位：市教委）";
    const { clauses, diagnostics } = scan(text);
    expect(clauses.map((c) => spanText(text, c.span))).toEqual([
      "（责任单位：市发展改革委、市财政局",
      "（责任单位：市教委）",
    ]);
    expect(rows(clauses[0] as Clause)).toEqual([
      ["市发展改革委", "lead", false],
      ["市财政局", "co", false],
    ]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.code).toBe("unclosed-clause");
    expect(diagnostics[0]?.severity).toBe("warning");
    expect(diagnostics[0]?.span).toEqual({ start: 5, end: 22 });
  });

  it("an unclosed clause stops at the next item marker （2）", () => {
    const text = "（责任单位：市发展改革委、市财政局（2）加强管理。";
    const { clauses, diagnostics } = scan(text);
    expect(clauses).toHaveLength(1);
    expect(spanText(text, (clauses[0] as Clause).span)).toBe("（责任单位：市发展改革委、市财政局");
    expect(diagnostics.map((d) => d.code)).toEqual(["unclosed-clause"]);
  });

  it("an unclosed clause stops at the end of the range", () => {
    const text = "（责任单位：市发展改革委、市财政局）";
    const to = text.indexOf("局") + 1;
    const { clauses, diagnostics } = scan(text, 0, to);
    expect(clauses[0]?.span).toEqual({ start: 0, end: to });
    expect(diagnostics.map((d) => d.code)).toEqual(["unclosed-clause"]);
  });

  it("a stray opening bracket inside a clause bracket does not hide the label", () => {
    const text = "〔（责任单位：县教委、县财政局〕";
    const clause = only(text);
    expect(clause.span).toEqual({ start: 0, end: text.length });
    expect(rows(clause)).toEqual([
      ["县教委", "lead", false],
      ["县财政局", "co", false],
    ]);
    expect(scan(text).diagnostics).toEqual([]);
  });

  it("an empty clause is kept and reported", () => {
    const text = "（责任单位：）";
    const { clauses, diagnostics } = scan(text);
    expect(clauses).toEqual([{ span: { start: 0, end: 7 }, assignments: [], form: "bracket-responsible" }]);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([["empty-clause", "warning"]]);
  });

  it("diagnostic messages are in Chinese", () => {
    const { diagnostics } = scan("（责任单位：市教委、市教委）（责任单位：）（责任单位：市财政局");
    expect(diagnostics.map((d) => d.code).sort()).toEqual([
      "duplicate-unit",
      "empty-clause",
      "unclosed-clause",
    ]);
    for (const d of diagnostics) expect(d.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("offsets and ranges", () => {
  it("offsets are absolute and text outside the range is ignored", () => {
    const before = "（责任单位：县外单位）\n";
    const paragraph = "推进工作。（牵头单位：县教委；责任单位：县财政局）";
    const text = `${before}${paragraph}\n（责任单位：县后单位）`;
    const from = before.length;
    const { clauses } = scan(text, from, from + paragraph.length);
    expect(clauses).toHaveLength(1);
    const clause = clauses[0] as Clause;
    expect(clause.span).toEqual({ start: from + 5, end: from + paragraph.length });
    expect(clause.assignments.map((a) => a.span)).toEqual([
      { start: from + 11, end: from + 14 },
      { start: from + 20, end: from + 24 },
    ]);
    expectSpansExact(text, clause);
  });

  it("several clauses in one paragraph come back in text order", () => {
    const text =
      "（1）加快建设。（责任单位：市发展改革委、市交委）（2）加强旅游交通设施建设。（市旅游局牵头，市交委配合）";
    const { clauses } = scan(text);
    expect(clauses.map((c) => c.form)).toEqual(["bracket-responsible", "x-lead-y-co"]);
    expect(clauses.map((c) => spanText(text, c.span))).toEqual([
      "（责任单位：市发展改革委、市交委）",
      "（市旅游局牵头，市交委配合）",
    ]);
  });

  it("a reversed or out-of-text range yields nothing and does not throw", () => {
    expect(scan("（责任单位：县教委）", 5, 2).clauses).toEqual([]);
    expect(scan("（责任单位：县教委）", -10, 1000).clauses).toHaveLength(1);
    expect(scan("", 0, 0)).toEqual({ clauses: [], diagnostics: [] });
  });
});

describe("robustness", () => {
  it("10,000 unclosed brackets finish fast", () => {
    const text = `开头${"（".repeat(10_000)}结尾`;
    const started = performance.now();
    const { clauses } = scan(text);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(clauses).toEqual([]);
  });

  it("10,000 unclosed labelled brackets and 10,000 nested pairs finish fast", () => {
    const started = performance.now();
    const unclosed = "（责任单位：县教委、".repeat(10_000);
    const first = scan(unclosed);
    expect(first.clauses.length).toBeGreaterThan(0);
    const nested = `${"（".repeat(10_000)}县教委负责${"）".repeat(10_000)}`;
    expect(() => scan(nested)).not.toThrow();
    const labelled = "牵头单位：县教委；".repeat(10_000);
    expect(() => scan(labelled)).not.toThrow();
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it("random strings: no throw, spans inside the range and ordered", () => {
    let seed = 20240601;
    const random = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pieces = [
      "（",
      "）",
      "(",
      ")",
      "〔",
      "〕",
      "[",
      "]",
      "【",
      "】",
      "责任单位",
      "牵头单位",
      "配合单位",
      "：",
      ":",
      "、",
      "，",
      ",",
      "；",
      ";",
      "。",
      " ",
      "\n",
      "\u3000",
      "市教委",
      "县财政局",
      "各乡镇",
      "牵头",
      "负责",
      "配合",
      "由",
      "等",
      "2022年",
      "完成时限",
      "成员单位",
      "①",
      "（2）",
      "\ud83d",
      "\ufffd",
    ];
    for (let round = 0; round < 300; round++) {
      let text = "";
      const length = 1 + Math.floor(random() * 120);
      for (let k = 0; k < length; k++) text += pieces[Math.floor(random() * pieces.length)];
      const from = Math.floor(random() * (text.length / 3));
      const to = text.length - Math.floor(random() * (text.length / 3));
      const { clauses, diagnostics } = scan(text, from, to);
      let last = from;
      for (const clause of clauses) {
        expect(clause.span.start).toBeGreaterThanOrEqual(last);
        expect(clause.span.end).toBeLessThanOrEqual(to);
        expect(clause.span.end).toBeGreaterThanOrEqual(clause.span.start);
        last = clause.span.end;
        for (const a of clause.assignments) {
          expect(a.span.start).toBeGreaterThanOrEqual(from);
          expect(a.span.end).toBeLessThanOrEqual(to);
          expect(text.slice(a.span.start, a.span.end)).toBe(a.unit);
          expect(a.unit.length).toBeGreaterThan(0);
        }
      }
      for (const d of diagnostics) {
        expect(d.span.start).toBeGreaterThanOrEqual(from);
        expect(d.span.end).toBeLessThanOrEqual(to);
      }
    }
  });
});

describe("unit helpers", () => {
  it("splitUnitList splits a table cell and keeps bracketed names whole", () => {
    const text = "市卫生健康委等，各县（市、区）政府 、市财政局和各乡镇（街道）";
    expect(splitUnitList(text, 0, text.length).map((u) => [u.unit, u.collective])).toEqual([
      ["市卫生健康委", false],
      ["各县（市、区）政府", true],
      ["市财政局", false],
      ["各乡镇（街道）", true],
    ]);
  });

  it("isCollectiveUnit", () => {
    expect(isCollectiveUnit("各乡镇（街道）")).toBe(true);
    expect(isCollectiveUnit("市级各有关部门")).toBe(true);
    expect(isCollectiveUnit("相关扶贫帮扶集团")).toBe(false);
    expect(isCollectiveUnit("县委党校（县行政学校）")).toBe(false);
    expect(isCollectiveUnit("市财政局等部门")).toBe(true);
  });

  it("looksLikeUnitName", () => {
    expect(looksLikeUnitName("中国人民银行弥勒支行")).toBe(true);
    expect(looksLikeUnitName("区妇儿工委办（区妇联）")).toBe(true);
    expect(looksLikeUnitName("自由贸易试验区管委会")).toBe(true);
    expect(looksLikeUnitName("所需经费由县财政")).toBe(false);
    expect(looksLikeUnitName("所需经费由县政府")).toBe(false);
    expect(looksLikeUnitName("832平台")).toBe(false);
  });
});
