import { describe, expect, it } from "vitest";
import { indicatorsFromSentence, indicatorsFromTable, splitNameAndUnit } from "./indicators.js";
import type { Indicator, TableCell, TableNode } from "./types.js";

/** Reads one indicator's essentials, for compact expectations. */
function brief(indicator: Indicator) {
  const { name, unit, targetYear, category } = indicator;
  const t = indicator.target;
  return {
    name,
    unit,
    value: t?.value,
    comparator: t?.comparator,
    raw: t?.raw,
    targetYear,
    category,
  };
}

const at = (start: number, text: string) => ({ start, end: start + text.length });

describe("indicatorsFromSentence", () => {
  it("森林覆盖率达到52%", () => {
    const text = "森林覆盖率达到52%";
    const found = indicatorsFromSentence(text, at(100, text));
    expect(found).toEqual([
      {
        id: "",
        name: "森林覆盖率",
        unit: "%",
        target: { raw: "52%", value: 52, marks: [], span: { start: 107, end: 110 } },
        source: "sentence",
        span: { start: 100, end: 110 },
      },
    ]);
    expect(text.slice(7, 10)).toBe("52%");
  });

  it("地区生产总值年均增长9%左右: a change verb stays in the name", () => {
    const text = "民族地区经济保持稳定增长，地区生产总值年均增长9%左右。";
    const [found, ...rest] = indicatorsFromSentence(text, at(0, text));
    expect(rest).toEqual([]);
    expect(brief(found as Indicator)).toEqual({
      name: "地区生产总值年均增长",
      unit: "%",
      value: 9,
      comparator: "≈",
      raw: "9%左右",
      targetYear: undefined,
      category: undefined,
    });
    // The sentence, without its full stop, is the indicator's span.
    expect(found?.span).toEqual({ start: 0, end: text.length - 1 });
  });

  it("A、B和C分别达到95%、85%和95%", () => {
    const text =
      "到2020年，民族地区森林覆盖率达到52%，单位地区生产总值能耗降低17%，万元工业增加值用水量降低32%，城市污水集中处理率、乡村污水集中处理率和城镇生活垃圾无害化处理率分别达到95%、85%和95%，构建形成长江上游绿色屏障的核心载体。";
    const found = indicatorsFromSentence(text, at(0, text));
    expect(found.map(brief)).toEqual([
      {
        name: "民族地区森林覆盖率",
        unit: "%",
        value: 52,
        comparator: undefined,
        raw: "52%",
        targetYear: 2020,
        category: undefined,
      },
      {
        name: "单位地区生产总值能耗降低",
        unit: "%",
        value: 17,
        comparator: undefined,
        raw: "17%",
        targetYear: 2020,
        category: undefined,
      },
      // 万元 here opens an indicator name; it is no amount.
      {
        name: "万元工业增加值用水量降低",
        unit: "%",
        value: 32,
        comparator: undefined,
        raw: "32%",
        targetYear: 2020,
        category: undefined,
      },
      {
        name: "城市污水集中处理率",
        unit: "%",
        value: 95,
        comparator: undefined,
        raw: "95%",
        targetYear: 2020,
        category: undefined,
      },
      {
        name: "乡村污水集中处理率",
        unit: "%",
        value: 85,
        comparator: undefined,
        raw: "85%",
        targetYear: 2020,
        category: undefined,
      },
      {
        name: "城镇生活垃圾无害化处理率",
        unit: "%",
        value: 95,
        comparator: undefined,
        raw: "95%",
        targetYear: 2020,
        category: undefined,
      },
    ]);
    for (const indicator of found) {
      const t = indicator.target;
      expect(text.slice(t?.span.start, t?.span.end)).toBe(t?.raw);
      expect(t?.year).toBe(2020);
    }
  });

  it("地区生产总值迈上1100亿元新台阶 (>=, unit 亿元) with 到2020年", () => {
    const text = "到2020年，地区生产总值迈上1100亿元新台阶，城乡常住居民人均可支配收入与经济增长保持同步。";
    const found = indicatorsFromSentence(text, at(0, text));
    expect(found.map(brief)).toEqual([
      {
        name: "地区生产总值",
        unit: "亿元",
        value: 1100,
        comparator: ">=",
        raw: "1100亿元",
        targetYear: 2020,
        category: undefined,
      },
    ]);
  });

  it("单位地区生产总值能耗降低17%", () => {
    const text = "单位地区生产总值能耗降低17%";
    expect(indicatorsFromSentence(text, at(0, text)).map(brief)).toEqual([
      {
        name: "单位地区生产总值能耗降低",
        unit: "%",
        value: 17,
        comparator: undefined,
        raw: "17%",
        targetYear: undefined,
        category: undefined,
      },
    ]);
  });

  it("基本公共文化服务实施标准达标率100% (a rate needs no verb)", () => {
    const text = "基本公共文化服务实施标准达标率100%。";
    expect(indicatorsFromSentence(text, at(0, text)).map(brief)).toEqual([
      {
        name: "基本公共文化服务实施标准达标率",
        unit: "%",
        value: 100,
        comparator: undefined,
        raw: "100%",
        targetYear: undefined,
        category: undefined,
      },
    ]);
  });

  it("推动县城建成区面积达到18平方公里、人口达到20万", () => {
    const text = "统筹老城更新和新区开发，推动县城建成区面积达到18平方公里、人口达到20万。";
    expect(indicatorsFromSentence(text, at(0, text)).map(brief)).toEqual([
      {
        name: "县城建成区面积",
        unit: "平方公里",
        value: 18,
        comparator: undefined,
        raw: "18平方公里",
        targetYear: undefined,
        category: undefined,
      },
      {
        name: "人口",
        unit: "万",
        value: 20,
        comparator: undefined,
        raw: "20万",
        targetYear: undefined,
        category: undefined,
      },
    ]);
  });

  it("恒合、地宝土家族乡地区生产总值分别达到35290万元和10530万元", () => {
    const text =
      "到2020年，恒合、地宝土家族乡地区生产总值分别达到35290万元和10530万元，城乡常住居民人均可支配收入与经济增长保持同步。";
    // The short first subject takes the head of the last: 恒合 + 土家族乡地区生产总值.
    expect(indicatorsFromSentence(text, at(0, text)).map(brief)).toEqual([
      {
        name: "恒合土家族乡地区生产总值",
        unit: "万元",
        value: 35290,
        comparator: undefined,
        raw: "35290万元",
        targetYear: 2020,
        category: undefined,
      },
      {
        name: "地宝土家族乡地区生产总值",
        unit: "万元",
        value: 10530,
        comparator: undefined,
        raw: "10530万元",
        targetYear: 2020,
        category: undefined,
      },
    ]);
  });

  it("到二〇三五年 and 到二○三五年 set the target year", () => {
    for (const text of ["到二〇三五年，森林覆盖率达到70%。", "到二○三五年，森林覆盖率达到70%。"]) {
      const [found] = indicatorsFromSentence(text, at(0, text));
      expect(found?.targetYear).toBe(2035);
      expect(found?.target?.year).toBe(2035);
    }
    const plan = "到“十四五”末，常住人口城镇化率达到60%。";
    expect(indicatorsFromSentence(plan, at(0, plan))[0]?.targetYear).toBe(2025);
  });

  it("carries 到2020年 through the rest of the paragraph, and takes defaultYear and category", () => {
    const text = "到2020年，民族地区公共服务体系更加完善。基本公共文化服务实施标准达标率100%。";
    expect(indicatorsFromSentence(text, at(0, text))[0]?.targetYear).toBe(2020);
    const plain = "森林覆盖率达到52%。";
    const [found] = indicatorsFromSentence(plain, at(0, plain), { defaultYear: 2025, category: "绿色发展" });
    expect(found?.targetYear).toBe(2025);
    expect(found?.category).toBe("绿色发展");
  });

  it("goes on with the subject before: 地区生产总值达到245.2亿元、年均增长8.4%", () => {
    const text =
      "地区生产总值达到245.2亿元、年均增长8.4%，城镇、农村居民人均可支配收入分别达到37335元、14104元，年均分别增长8.6%、9.8%。";
    expect(indicatorsFromSentence(text, at(0, text)).map((i) => [i.name, i.target?.value, i.unit])).toEqual([
      ["地区生产总值", 245.2, "亿元"],
      ["地区生产总值年均增长", 8.4, "%"],
      ["城镇居民人均可支配收入", 37335, "元"],
      ["农村居民人均可支配收入", 14104, "元"],
      ["城镇居民人均可支配收入年均增长", 8.6, "%"],
      ["农村居民人均可支配收入年均增长", 9.8, "%"],
    ]);
  });

  it("reads comparators from verbs and suffixes", () => {
    const cases: [string, string, number, string | undefined][] = [
      ["学前三年毛入园率超过90%", "学前三年毛入园率", 90, ">"],
      ["城镇调查失业率控制在5.5%以内", "城镇调查失业率", 5.5, "<="],
      ["城镇调查失业率控制在5.5%", "城镇调查失业率", 5.5, "<="],
      ["粮食综合生产能力不低于22.9万吨", "粮食综合生产能力", 22.9, ">="],
      ["PM2.5浓度不超过35微克/立方米", "PM2.5浓度", 35, "<="],
      ["城乡养老保险参保率保持在95%以上", "城乡养老保险参保率", 95, ">="],
      ["工业增加值年均增长8%左右", "工业增加值年均增长", 8, "≈"],
      ["项目覆盖率达到百分之百", "项目覆盖率", 100, undefined],
      ["森林覆盖率达到５２％", "森林覆盖率", 52, undefined],
    ];
    for (const [text, name, value, comparator] of cases) {
      const found = indicatorsFromSentence(text, at(0, text));
      expect(found.map((i) => [i.name, i.target?.value, i.target?.comparator])).toEqual([
        [name, value, comparator],
      ]);
    }
  });

  it("distributes one value over 、-listed names, dropping 均 and 稳定", () => {
    const text = "城乡养老保险参保率、城乡医疗保险参保率均稳定保持在95%以上。";
    expect(
      indicatorsFromSentence(text, at(0, text)).map((i) => [i.name, i.target?.value, i.target?.comparator]),
    ).toEqual([
      ["城乡养老保险参保率", 95, ">="],
      ["城乡医疗保险参保率", 95, ">="],
    ]);
  });

  it("keeps a base year out of the name: 比2020年下降13.5%", () => {
    const text = "单位地区生产总值能耗比2020年下降13.5%。";
    const [found] = indicatorsFromSentence(text, at(50, text));
    expect(found?.name).toBe("单位地区生产总值能耗下降");
    expect(found?.baseline).toEqual({ raw: "2020年", marks: [], year: 2020, span: { start: 61, end: 66 } });
    expect(found?.target?.value).toBe(13.5);
  });

  it("累计 before the verb marks the target cumulative", () => {
    const text = "知识价值信用贷款规模累计达到5亿元。";
    const [found] = indicatorsFromSentence(text, at(0, text));
    expect(found?.name).toBe("知识价值信用贷款规模");
    expect(found?.target?.marks).toEqual(["cumulative"]);
  });

  it("亿元以上企业 is a name, not an amount", () => {
    const text = "亿元以上企业达到50家。";
    expect(indicatorsFromSentence(text, at(0, text)).map(brief)).toEqual([
      {
        name: "亿元以上企业",
        unit: "家",
        value: 50,
        comparator: undefined,
        raw: "50家",
        targetYear: undefined,
        category: undefined,
      },
    ]);
  });

  it("finds nothing where there is no indicator", () => {
    const none = [
      "加强生态环境保护，推进绿色发展。",
      "2017年地区生产总值和城乡常住居民人均可支配收入比2010年翻一番，全部实现脱贫目标。",
      // An action with a count: a task, not a metric (no metric verb).
      "每年至少开展1期铸牢中华民族共同体意识专题培训。",
      // A count of the object of an action.
      "改造提升30个基层医疗卫生机构，完成乡镇卫生院数字化接种门诊建设。",
      // A class of projects, no value.
      "力争引进10个亿元以上项目。",
      "新增亿元以上企业5家。",
      // Years are not values.
      "到2025年，基本建成现代化经济体系。",
      "建设时间增长到2025年。",
      // A number without a unit.
      "PM2.5浓度下降到35。",
      "单位地区生产总值能耗、万元工业增加值用水量下降到规定指标。",
      "确保创建工作任务百分之百落实。",
      "城镇、农村常住居民人均可支配收入年均增速高于全市平均水平1.5个百分点以上的企业。",
      "",
    ];
    for (const text of none) expect(indicatorsFromSentence(text, at(0, text)), text).toEqual([]);
  });

  it("stays linear on long input", () => {
    const text = "森林覆盖率达到52%，".repeat(20000) + "1".repeat(200000);
    const started = Date.now();
    const found = indicatorsFromSentence(text, at(0, text));
    expect(found.length).toBe(20000);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

/**
 * Builds a TableNode the way a flattened table reads in the corpus: each cell on a line starting with
 * a TAB, rows separated by blank lines. Spans are offsets into `source` plus `base`.
 */
function flattenedTable(source: string, base = 0, caption?: string, notes?: string): TableNode {
  const rows: TableCell[][] = [];
  let row: TableCell[] = [];
  let offset = 0;
  for (const line of source.split("\n")) {
    if (line.startsWith("\t")) {
      const start = offset + 1;
      const text = line.slice(1).replace(/\s+$/, "");
      row.push({ text, span: { start: base + start, end: base + start + text.length } });
    } else if (line.trim() === "" && row.length > 0) {
      rows.push(row);
      row = [];
    }
    offset += line.length + 1;
  }
  if (row.length > 0) rows.push(row);
  const node: TableNode = { type: "table", id: "t1", rows, span: { start: base, end: base + source.length } };
  if (caption) node.caption = caption;
  if (notes) node.notes = notes;
  return node;
}

// 专栏2 of 004, rows copied literally (the header, rows 1–3, 8, 9, 17, 21, 23, 25 and two category rows).
const BOX2 = [
  "\t序号\n\t指标名称（单位）\t\n\t2020年\n\t2025年\n\t属性\n",
  "\t1\n\t地区生产总值年均增速（%）\t\n\t3.9\n\t7△\n\t预期性\n",
  "\t2\n\t人均地区生产总值（万元，2020年价）\t\n\t5\n\t6.7\n\t预期性\n",
  "\t一、推动高质量发展\n",
  "\t3\n\t全员劳动生产率（万元/人，2020年价）\t\n\t8.6\n\t10.3\n\t预期性\n",
  "\t8\n\t新增上市公司数量（家）\t\n\t－\n\t3以上\n\t预期性\n",
  "\t9\n\t规模（限额、资质）以上企业数量（家）\t\n\t【250】\n\t【400】\n\t预期性\n",
  "\t17\n\t城镇调查失业率（%）\t\n\t5.7\n\t<5.5\n\t预期性\n",
  "\t四、山清水秀美丽之地建设\n",
  "\t21\n\t单位地区生产总值能源消耗降低（%）\t\n\t达标\n\t达标\n\t约束性\n",
  "\t23\n\t环境空气质量优良天数（天）\t\n\t355\n\t350左右△\n\t约束性\n",
  "\t25\n\t森林覆盖率（%）\t\n\t65\n\t≥65\n\t约束性\n",
].join("\n");

// 专栏1 of 004: a 完成情况 table with category rows `一` + `创新发展` and `#` sub-rows.
const BOX1 = [
  "\t序号\n\t指标名称\n\t2020年目标值\n\t2020年完成值\n\t指标属性\n",
  "\t1\n\t地区生产总值年均增速（%）\t\n\t10\n\t8.4△\n\t预期性\n",
  "\t三\n\t绿色发展\n",
  "\t16\n\t单位地区生产总值能耗降低（%）\t\n\t达到市上要求\n\t达到市上要求\n\t约束性\n",
  "\t17\n\t主要污染物排放总量减少（%）\t\n\t达到市上要求\n\t达到市上要求\n\t约束性\n",
  "\t\n\t#化学需氧量\n\t达到市上要求\n\t达到市上要求\n\t\n",
  "\t18\n\t单位地区生产总值用水量降低（%）\t\n\t【10】\n\t【30】\n\t约束性\n",
].join("\n");

describe("indicatorsFromTable", () => {
  const base = 5000;
  const table = flattenedTable(
    BOX2,
    base,
    "专栏2：“十四五”经济社会发展主要指标",
    "备注：带【】为五年累计数，带△为五年平均数。",
  );
  const result = indicatorsFromTable(table, { notes: "备注：带【】为五年累计数，带△为五年平均数。" });
  const byName = (name: string) => result?.indicators.find((i) => i.name === name) as Indicator;
  const cellSpan = (text: string, from = 0) => {
    const start = BOX2.indexOf(`\t${text}`, from) + 1;
    return { start: base + start, end: base + start + text.length };
  };

  it("reads every indicator row of 专栏2 and no category row", () => {
    expect(result).not.toBeNull();
    expect(result?.diagnostics).toEqual([]);
    expect(result?.indicators.map((i) => i.name)).toEqual([
      "地区生产总值年均增速",
      "人均地区生产总值（2020年价）",
      "全员劳动生产率（2020年价）",
      "新增上市公司数量",
      "规模（限额、资质）以上企业数量",
      "城镇调查失业率",
      "单位地区生产总值能源消耗降低",
      "环境空气质量优良天数",
      "森林覆盖率",
    ]);
  });

  it("row 1: 地区生产总值年均增速（%） 3.9 / 7△ 预期性", () => {
    const row = byName("地区生产总值年均增速");
    const rowStart = BOX2.indexOf("\t1\n") + 1;
    const rowEnd = BOX2.indexOf("预期性", rowStart) + "预期性".length;
    expect(row).toEqual({
      id: "",
      name: "地区生产总值年均增速",
      unit: "%",
      baseline: { raw: "3.9", value: 3.9, marks: [], year: 2020, span: cellSpan("3.9") },
      target: { raw: "7△", value: 7, marks: ["average"], year: 2025, span: cellSpan("7△") },
      targetYear: 2025,
      attribute: "expected",
      source: "table",
      span: { start: base + rowStart, end: base + rowEnd },
    });
    expect(row.category).toBeUndefined();
  });

  it("rows 2–3: the unit is split from the price basis; the category row applies", () => {
    const gdp = byName("人均地区生产总值（2020年价）");
    expect(gdp.unit).toBe("万元");
    expect(gdp.category).toBeUndefined();
    const productivity = byName("全员劳动生产率（2020年价）");
    expect(productivity.unit).toBe("万元/人");
    expect(productivity.category).toBe("推动高质量发展");
    expect(productivity.baseline).toMatchObject({ value: 8.6, year: 2020 });
    expect(productivity.target).toMatchObject({ value: 10.3, year: 2025, marks: [] });
  });

  it("rows 8, 9, 17: －, 3以上, 【250】/【400】, <5.5", () => {
    const listed = byName("新增上市公司数量");
    expect(listed.unit).toBe("家");
    expect(listed.baseline).toEqual({ raw: "－", marks: [], year: 2020, span: cellSpan("－") });
    expect(listed.target).toMatchObject({ raw: "3以上", value: 3, comparator: ">=", marks: [] });
    const firms = byName("规模（限额、资质）以上企业数量");
    expect(firms.baseline).toMatchObject({ raw: "【250】", value: 250, marks: ["cumulative"] });
    expect(firms.target).toMatchObject({ raw: "【400】", value: 400, marks: ["cumulative"] });
    expect(byName("城镇调查失业率").target).toMatchObject({ raw: "<5.5", value: 5.5, comparator: "<" });
  });

  it("rows 21, 23, 25: 达标, 350左右△, ≥65 under 山清水秀美丽之地建设, 约束性", () => {
    const energy = byName("单位地区生产总值能源消耗降低");
    expect(energy.category).toBe("山清水秀美丽之地建设");
    expect(energy.attribute).toBe("binding");
    expect(energy.target).toEqual({
      raw: "达标",
      qualitative: "达标",
      marks: [],
      year: 2025,
      span: cellSpan("达标", BOX2.indexOf("\t达标") + 3),
    });
    expect(energy.target?.value).toBeUndefined();
    const days = byName("环境空气质量优良天数").target;
    expect(days).toMatchObject({ raw: "350左右△", value: 350, comparator: "≈", marks: ["average"] });
    expect(days?.qualitative).toBeUndefined();
    const forest = byName("森林覆盖率");
    expect(forest).toMatchObject({
      unit: "%",
      targetYear: 2025,
      attribute: "binding",
      category: "山清水秀美丽之地建设",
    });
    expect(forest.target).toMatchObject({ value: 65, comparator: ">=" });
  });

  it("专栏1: 目标值 is the target, 完成值 the value reached, and # rows are sub-indicators", () => {
    const box1 = flattenedTable(
      BOX1,
      0,
      "专栏1：“十三五”经济社会发展主要预期目标完成情况",
      "备注：1.【  】为规划期累计数，带△为五年平均数；2.固定资产投资总额含跨区完成投资。",
    );
    const read = indicatorsFromTable(box1);
    expect(read?.diagnostics).toEqual([]);
    const rows = read?.indicators ?? [];
    expect(rows.map((i) => [i.name, i.category, i.unit, i.attribute])).toEqual([
      ["地区生产总值年均增速", undefined, "%", "expected"],
      ["单位地区生产总值能耗降低", "绿色发展", "%", "binding"],
      ["主要污染物排放总量减少", "绿色发展", "%", "binding"],
      ["化学需氧量", "主要污染物排放总量减少", "%", "binding"],
      ["单位地区生产总值用水量降低", "绿色发展", "%", "binding"],
    ]);
    const gdp = rows[0] as Indicator;
    expect(gdp.target).toMatchObject({ raw: "10", value: 10, year: 2020, marks: [] });
    expect(gdp.actual).toMatchObject({ raw: "8.4△", value: 8.4, year: 2020, marks: ["average"] });
    expect(gdp.baseline).toBeUndefined();
    expect(gdp.targetYear).toBe(2020);
    expect(rows[1]?.target).toMatchObject({ qualitative: "达到市上要求", marks: [] });
    expect(rows[3]?.target).toMatchObject({ qualitative: "达到市上要求" });
    expect(rows[4]?.target).toMatchObject({ value: 10, marks: ["cumulative"] });
  });

  it("reads a # sub-row that lost its empty cells (as the flattened outline yields it)", () => {
    const box1 = flattenedTable(BOX1);
    // Without the empty 序号 and 属性 cells: [#化学需氧量, 达到市上要求, 达到市上要求].
    box1.rows = box1.rows.map((row) => row.filter((cell) => cell.text !== ""));
    const rows = indicatorsFromTable(box1)?.indicators ?? [];
    const sub = rows.find((i) => i.name === "化学需氧量");
    expect(sub).toMatchObject({ category: "主要污染物排放总量减少", unit: "%", attribute: "binding" });
    expect(sub?.actual?.qualitative).toBe("达到市上要求");
    expect(sub?.target?.qualitative).toBe("达到市上要求");
  });

  it("reads tab-separated rows with a 单位 column and 基期值 / 目标值 headers", () => {
    const cells = (texts: string[], rowStart: number): TableCell[] =>
      texts.map((text, k) => ({
        text,
        span: { start: rowStart + k * 10, end: rowStart + k * 10 + text.length },
      }));
    const node: TableNode = {
      type: "table",
      id: "t9",
      caption: "表1 “十四五”生态环境保护主要指标",
      rows: [
        cells(["类别", "指标", "单位", "基期值", "目标值", "指标属性"], 0),
        cells(["环境质量", "地表水水质优良比例", "%", "95", "≥95", "约束性"], 100),
        cells(["", "细颗粒物浓度", "微克/立方米", "30", "<28", "约束性"], 200),
      ],
      span: { start: 0, end: 260 },
    };
    const rows = indicatorsFromTable(node)?.indicators ?? [];
    expect(
      rows.map((i) => [
        i.name,
        i.unit,
        i.category,
        i.baseline?.value,
        i.target?.value,
        i.target?.comparator,
        i.targetYear,
      ]),
    ).toEqual([
      ["地表水水质优良比例", "%", "环境质量", 95, 95, ">=", 2025],
      ["细颗粒物浓度", "微克/立方米", "环境质量", 30, 28, "<", 2025],
    ]);
  });

  it("reads the 备注 when it was left among the rows, and reports a row without a name", () => {
    const node = flattenedTable(
      [
        "\t序号\n\t指标名称（单位）\n\t2020年\n\t2025年\n\t属性\n",
        "\t19\n\t实际利用外资（亿美元）\n",
        // The rest of row 19, split off where an empty cell was lost.
        "\t【2】\n\t预期性\n",
        "\t20\n\t开通航线数量（条）\n\t15\n\t20△\n\t预期性\n",
        "\t备注：带△为五年累计数。\n",
      ].join("\n"),
    );
    const read = indicatorsFromTable(node);
    expect(read?.indicators.map((i) => [i.name, i.target?.raw, i.target?.marks])).toEqual([
      ["实际利用外资", undefined, undefined],
      ["开通航线数量", "20△", ["cumulative"]],
    ]);
    expect(read?.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ["indicator-row-without-name", "warning"],
    ]);
  });

  it("returns null for tables that are not indicator tables", () => {
    const plans = flattenedTable(
      "\t序号\n\t规划名称\n\t组织编制部门\n\n\t1\n\t黔江区社会治理“十四五”规划△\n\t区委政法委\n",
    );
    expect(indicatorsFromTable(plans)).toBeNull();
    const tasks = flattenedTable(
      "\t序号\n\t重点任务\n\t牵头单位\n\t完成时限\n\n\t1\n\t建设示范县\n\t县民宗委\n\t2022年6月\n",
    );
    expect(indicatorsFromTable(tasks)).toBeNull();
    expect(indicatorsFromTable({ type: "table", id: "t0", rows: [], span: { start: 0, end: 0 } })).toBeNull();
  });
});

describe("splitNameAndUnit", () => {
  it.each([
    ["地区生产总值年均增速（%）", "地区生产总值年均增速", "%"],
    ["人均地区生产总值（万元，2020年价）", "人均地区生产总值（2020年价）", "万元"],
    ["全员劳动生产率（万元/人，2020年价）", "全员劳动生产率（2020年价）", "万元/人"],
    ["每千人口拥有执业（助理）医师数（人）", "每千人口拥有执业（助理）医师数", "人"],
    ["亿元地区生产总值安全事故死亡率（人/亿元）", "亿元地区生产总值安全事故死亡率", "人/亿元"],
    ["森林蓄积量(万立方米)", "森林蓄积量", "万立方米"],
    ["城镇、农村居民人均可支配收入比", "城镇、农村居民人均可支配收入比", undefined],
    ["国内生产总值（GDP）", "国内生产总值（GDP）", undefined],
  ] as const)("%s", (written, name, unit) => {
    expect(splitNameAndUnit(written)).toEqual(unit ? { name, unit } : { name });
  });
});
