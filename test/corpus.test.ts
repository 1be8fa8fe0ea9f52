/**
 * The five corpus documents, with expectations read off the documents by hand (the line numbers
 * cited are those of examples/corpus/*.txt). These are the behaviours the issue names; the
 * literal tests beside each module cover the forms one by one.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../src/parse/index.js";
import type { Indicator, PolicyDocument, Task } from "../src/parse/index.js";

const corpus = (name: string) =>
  readFileSync(join(import.meta.dirname, "..", "examples", "corpus", name), "utf8");
const units = (task: Task | undefined) => task?.assignments.map((a) => a.unit);
const leads = (task: Task | undefined) =>
  task?.assignments.filter((a) => a.role === "lead").map((a) => a.unit);
const taskUnder = (doc: PolicyDocument, label: string) =>
  doc.tasks.find((t) => t.path[t.path.length - 1] === label);
const taskStarting = (doc: PolicyDocument, prefix: string) =>
  doc.tasks.find((t) => t.text.startsWith(prefix));

describe("001 万州区 task-division notice (Word copy)", () => {
  const text = corpus("001_074c1061270704e5.txt");
  const { document: doc, diagnostics } = parse(text);

  it("reads the header", () => {
    expect(doc.meta.title?.value).toBe(
      "重庆市万州区人民政府办公室关于促进我区少数民族乡发展规划重点任务分工的通知",
    );
    expect(doc.meta.docNumber?.value).toBe("万州府办发〔2017〕83号");
    expect(doc.meta.issuers.map((i) => i.value)).toEqual(["重庆市万州区人民政府办公室"]);
    expect(doc.meta.recipients.map((r) => r.value)).toEqual([
      "恒合、地宝土家族乡人民政府",
      "区政府各部门",
      "有关单位",
    ]);
  });

  it("turns each of the 29 （责任单位：…） clauses into a task", () => {
    expect(doc.tasks).toHaveLength(29);
    for (const task of doc.tasks) {
      expect(text.slice(task.clauseSpan.start, task.clauseSpan.end)).toMatch(/^（责任单位：.*）$/);
    }
  });

  it("lists the units of named tasks, in order, with the first as inferred lead", () => {
    const poverty = taskUnder(doc, "（一）全面打赢脱贫攻坚战");
    expect(units(poverty)).toEqual([
      "区扶贫办",
      "区发展改革委",
      "区财政局",
      "区农委",
      "区委统战部",
      "相关扶贫帮扶集团",
    ]);
    expect(poverty?.assignments[0]).toMatchObject({ role: "lead", inferred: true });
    expect(poverty?.path).toEqual(["二、重点任务分工", "（一）全面打赢脱贫攻坚战"]);

    expect(units(taskUnder(doc, "1．加快重点基础设施建设"))).toEqual([
      "区交委",
      "区水务局",
      "区环保局",
      "区市政园林局",
      "区卫生计生委",
      "区文化委",
      "区委统战部",
      "区发展改革委",
    ]);
    expect(units(taskUnder(doc, "（2）加强和改进少数民族流动人口服务管理工作"))).toEqual([
      "区委统战部",
      "区民政局",
      "区公安局",
      "区统计局",
      "区人力社保局",
      "区教委",
      "区工商分局",
      "区卫生计生委",
      "区总工会",
    ]);
    const employment = taskUnder(doc, "2．大力促进就业创业");
    expect(employment?.assignments).toHaveLength(13);
    expect(units(employment)?.slice(-3)).toEqual(["团区委", "区妇联", "区残联"]);
  });

  it("keeps the task text traceable and excludes the clause", () => {
    const task = taskUnder(doc, "3．加强民族团结进步宣传教育");
    expect(task?.text.startsWith("深入开展爱国主义和民族团结教育")).toBe(true);
    expect(task?.text.endsWith("加强民族教育领域意识形态安全建设。")).toBe(true);
    for (const t of doc.tasks) expect(text.slice(t.span.start, t.span.end)).toBe(t.text);
    for (const a of doc.tasks.flatMap((t) => t.assignments))
      expect(text.slice(a.span.start, a.span.end)).toBe(a.unit);
  });

  it("strips the Word bookmark and cites the Chongqing notice by 文号 and abbreviation", () => {
    expect(
      diagnostics.some(
        (d) => d.code === "word-artifact" && text.slice(d.span.start, d.span.end) === "[bookmark: _GoBack]",
      ),
    ).toBe(true);
    const cited = doc.citations.find((c) => c.docNumber === "渝府办发〔2017〕54号");
    expect(cited?.title).toBe(
      "重庆市人民政府办公厅关于贯彻落实“十三五”促进民族地区和人口较少民族发展规划重点任务分工的通知",
    );
    expect(cited?.alias).toBe("通知");
    expect(doc.citations.some((c) => c.docNumber === "万州府办发〔2017〕83号")).toBe(false);
  });

  it("builds the heading tree 一、 （一） 1． （1）", () => {
    const headings = doc.outline.filter((n) => n.type === "heading");
    expect(headings.map((h) => (h.type === "heading" ? h.marker + h.title : ""))).toEqual([
      "一、发展目标",
      "二、重点任务分工",
      "三、工作要求",
    ]);
    expect(diagnostics.filter((d) => d.code === "numbering-out-of-order")).toEqual([]);
  });

  it("reads goal indicators from sentences", () => {
    const forest = doc.indicators.find((i) => i.name.endsWith("森林覆盖率"));
    expect(forest?.target).toMatchObject({ value: 52 });
    expect(forest?.unit).toBe("%");
    expect(forest?.targetYear).toBe(2020);
  });
});

describe("002 石柱县 implementation scheme with cover letter", () => {
  const text = corpus("002_4c99bfed024a4884.txt");
  const { document: doc } = parse(text);

  it("reads the cover letter's header and signature", () => {
    expect(doc.meta.title?.value).toBe(
      "关于印发《石柱县深入推进全国民族团结进步示范县创建工作实施方案》的通知",
    );
    expect(doc.meta.issuers.map((i) => i.value)).toEqual([
      "中共石柱土家族自治县委办公室",
      "石柱土家族自治县人民政府办公室",
    ]);
    expect(doc.meta.date).toMatchObject({ value: "2022-07-05", kind: "written" });
    expect(doc.meta.recipients.map((r) => r.value)).toEqual([
      "各乡镇（街道）党委（党工委）和人民政府（办事处）",
      "县委各部委",
      "县级各部门",
      "各人民团体",
    ]);
  });

  it("turns each of the 9 〔责任单位：…〕 clauses into a task, collective assignees whole", () => {
    expect(doc.tasks).toHaveLength(9);
    const cadres = taskUnder(doc, "（七）以民族干部培养支撑民族团结进步创建");
    expect(units(cadres)).toEqual([
      "县委组织部",
      "县委统战部",
      "县委党校（县行政学校）",
      "县教委",
      "县民族宗教委",
      "县人力社保局",
      "各乡镇（街道）",
    ]);
    expect(cadres?.assignments.at(-1)?.collective).toBe(true);
    const law = taskUnder(doc, "（九）以政策法规落实保障民族团结进步创建");
    expect(law?.assignments).toHaveLength(13);
    expect(units(law)?.slice(0, 3)).toEqual(["县委办公室", "县政府办公室", "县人大常委会办公室"]);
  });

  it("reads the four phases with their date ranges and the dated step", () => {
    expect(doc.phases.map((p) => [p.name, p.start, p.end])).toEqual([
      ["动员部署阶段", "2021-12", "2022-06"],
      ["全面创建阶段", "2022-07", "2022-09"],
      ["创建冲刺阶段", "2022-10", "2022-12"],
      ["迎接验收阶段", "2023-01", "2023-06"],
    ]);
    const sprint = doc.phases[2];
    expect(sprint?.steps).toHaveLength(4);
    expect(sprint?.steps[0]?.deadline).toBe("2022-11-30");
    expect(sprint?.steps[0]?.text.startsWith("1. 开展自检自查。11月30日前")).toBe(true);
  });

  it("cites by 文号 and by title only", () => {
    const central = doc.citations.find((c) => c.docNumber === "中办发〔2018〕65号");
    expect(central?.title).toBe(
      "中共中央办公厅国务院办公厅〈关于全面深入持久开展民族团结进步创建工作铸牢中华民族共同体意识的意见〉",
    );
    expect(doc.citations.some((c) => c.title === "城市民族工作条例" && c.docNumber === undefined)).toBe(true);
    // The scheme the notice issues is this document, not a citation.
    expect(
      doc.citations.some((c) => c.title === "石柱县深入推进全国民族团结进步示范县创建工作实施方案"),
    ).toBe(false);
  });
});

describe("003 弥勒市 scheme from a disclosure page", () => {
  const text = corpus("003_d21099bad13a34b4.txt");
  const { document: doc, diagnostics } = parse(text);

  it("reads the disclosure fields and leaves the chrome out", () => {
    expect(doc.meta.docNumber?.value).toBe("弥民宗发〔2023〕21号");
    expect(doc.meta.disclosure.indexNumber?.value).toBe("000014348/2023-01381");
    expect(doc.meta.disclosure.publisher?.value).toBe("弥勒市民族宗教事务局");
    expect(doc.meta.disclosure.validity?.value).toBe("有效");
    expect(doc.meta.date).toMatchObject({ value: "2023-07-06", kind: "written" });
    expect(
      diagnostics.some(
        (d) => d.code === "web-chrome" && text.slice(d.span.start, d.span.end) === "登录 | 注册",
      ),
    ).toBe(true);
    expect(JSON.stringify(doc.outline)).not.toContain("登录 | 注册");
  });

  it("lists the ten co-issuing agencies", () => {
    expect(doc.meta.issuers.map((i) => i.value)).toEqual([
      "弥勒市民族宗教事务局",
      "弥勒市乡村振兴局",
      "弥勒市发展和改革局",
      "弥勒市教育体育局",
      "弥勒市财政局",
      "弥勒市交通运输局",
      "弥勒市农业农村和科学技术局",
      "弥勒市文化和旅游局",
      "弥勒市卫生健康局",
      "中国人民银行弥勒市支行",
    ]);
  });

  it("reads twelve tasks with their written lead units", () => {
    expect(doc.tasks).toHaveLength(12);
    expect(doc.tasks.map((t) => leads(t)?.join("、"))).toEqual([
      "市乡村振兴局",
      "市民族宗教局",
      "市农科局",
      "市农科局",
      "市文化和旅游局",
      "市发展改革局",
      "市发展改革局",
      "市乡村振兴局",
      "市人力资源和社会保障局",
      "市民族宗教局",
      "市委宣传部",
      "市民族宗教局",
    ]);
    for (const task of doc.tasks) expect(task.assignments.every((a) => !a.inferred)).toBe(true);
    const first = doc.tasks[0];
    expect(first?.path).toEqual([
      "二、坚持一个民族不能少,巩固拓展脱贫攻坚成果",
      "(一)健全防止返贫动态监测和帮扶机制",
    ]);
    expect(first?.assignments[1]).toMatchObject({
      unit: "市巩固脱贫攻坚推进乡村振兴领导小组成员单位",
      role: "co",
      collective: true,
    });
    // (牵头单位:市发展改革局,责任单位:…) with a comma instead of a semicolon
    expect(units(doc.tasks[6])).toEqual([
      "市发展改革局",
      "市教育体育局",
      "市民族宗教局",
      "市人力资源和社会保障局",
      "市文化和旅游局",
      "市卫生健康局",
      "市乡村振兴局",
    ]);
  });

  it("accepts task numbers that run on across sections", () => {
    expect(diagnostics.filter((d) => d.code === "numbering-out-of-order")).toEqual([]);
  });
});

describe("004 黔江区 14th five-year plan outline", () => {
  const text = corpus("004_407cc867e4b30cc8.txt");
  const { document: doc } = parse(text);
  const byName = (name: string): Indicator | undefined =>
    doc.indicators.find((i) => i.source === "table" && i.name === name && i.targetYear === 2025);

  it("has no responsibility clauses and so no tasks", () => {
    expect(doc.tasks).toEqual([]);
  });

  it("infers the title from the first sentence", () => {
    expect(doc.meta.title?.value).toBe(
      "重庆市黔江区国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要",
    );
  });

  it("reads every row of the 十四五 indicator table", () => {
    const table = doc.indicators.filter((i) => i.source === "table" && i.targetYear === 2025);
    expect(table).toHaveLength(27);
    expect(byName("地区生产总值年均增速")).toMatchObject({
      unit: "%",
      baseline: { value: 3.9, year: 2020 },
      target: { raw: "7△", value: 7, marks: ["average"] },
      attribute: "expected",
    });
    expect(byName("规模（限额、资质）以上企业数量")).toMatchObject({
      unit: "家",
      baseline: { raw: "【250】", value: 250, marks: ["cumulative"] },
      target: { raw: "【400】", value: 400, marks: ["cumulative"] },
    });
    expect(byName("新增上市公司数量")?.target).toMatchObject({ value: 3, comparator: ">=" });
    expect(byName("城镇调查失业率")?.target).toMatchObject({ value: 5.5, comparator: "<" });
    expect(byName("劳动年龄人口平均受教育年限")).toMatchObject({
      baseline: { value: 11.5 },
      target: { value: 12 },
      attribute: "binding",
    });
    expect(byName("单位地区生产总值能源消耗降低")?.target).toMatchObject({ qualitative: "达标" });
    expect(byName("环境空气质量优良天数")).toMatchObject({
      unit: "天",
      target: { value: 350, comparator: "≈", marks: ["average"] },
      attribute: "binding",
    });
    expect(byName("森林覆盖率")?.target).toMatchObject({ value: 65, comparator: ">=" });
    for (const indicator of table) {
      expect(indicator.attribute).toBeDefined();
      expect(indicator.target?.raw.length).toBeGreaterThan(0);
    }
  });

  it("reads the 专栏 boxes and the table of special plans", () => {
    const boxes = doc.boxes.filter((b) => b.kind === "box");
    expect(boxes.map((b) => b.number)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    const pollution = boxes.find((b) => b.number === 15);
    expect(pollution?.items.map((i) => i.name)).toEqual(["空气", "水", "土壤", "固废", "噪声"]);
    const plans = doc.boxes.find((b) => b.kind === "table");
    expect(plans?.items).toHaveLength(25);
    expect(plans?.items[0]).toMatchObject({ name: "黔江区社会治理“十四五”规划△", department: "区委政法委" });
    expect(plans?.items.find((i) => i.name.startsWith("黔江区妇女儿童发展规划"))?.department).toBe(
      "区妇儿工委办（区妇联）",
    );
  });

  it("reports the Word bookmarks it stripped", () => {
    const { diagnostics } = parse(text);
    expect(diagnostics.filter((d) => d.code === "word-artifact").length).toBeGreaterThanOrEqual(20);
  });
});

describe("000 重庆市 notice copied from a web page (repeated and shuffled)", () => {
  const text = corpus("000_7da39ae6e9dbf923.txt");
  const { document: doc, diagnostics } = parse(text);

  it("reads the run-together header", () => {
    expect(doc.meta.title?.value).toBe(
      "重庆市人民政府办公厅关于贯彻落实“十三五”促进民族地区和人口较少民族发展规划重点任务分工的通知",
    );
    expect(doc.meta.docNumber?.value).toBe("渝府办发〔2017〕54号");
    expect(doc.meta.date).toMatchObject({ value: "2017-05-07", kind: "published" });
    expect(doc.meta.issuers.map((i) => i.value)).toEqual(["重庆市人民政府办公厅"]);
    expect(doc.meta.recipients.map((r) => r.value)).toEqual([
      "各区县（自治县）人民政府",
      "市政府各部门",
      "有关单位",
    ]);
  });

  it("reports repeated passages with the spans of the copies and collapses them", () => {
    const repeats = diagnostics.filter((d) => d.code === "repeated-passage");
    expect(repeats.length).toBeGreaterThanOrEqual(5);
    for (const repeat of repeats) {
      const copy = text.slice(repeat.span.start, repeat.span.end).replace(/\s/g, "");
      const original = (repeat.related ?? [])
        .map((s) => text.slice(s.start, s.end).replace(/\s/g, ""))
        .join("");
      expect(original.length).toBeGreaterThan(0);
      expect(repeat.span.start).toBeGreaterThan((repeat.related?.[0]?.start ?? Infinity) - 1);
      // Every sentence of the copy appears earlier in the text.
      for (const sentence of copy.split("。").filter((s) => s.length > 8)) {
        expect(text.replace(/\s/g, "").indexOf(sentence)).toBeLessThan(
          text.replace(/\s/g, "").lastIndexOf(sentence),
        );
      }
    }
    // The header pasted again inside line 2 is a copy, not a second title.
    const secondHeader = text.indexOf("重庆市人民政府办公厅关于贯彻落实", 100);
    expect(repeats.some((d) => d.span.start <= secondHeader && secondHeader < d.span.end)).toBe(true);
  });

  it("reports numbering out of order", () => {
    expect(diagnostics.filter((d) => d.code === "numbering-out-of-order").length).toBeGreaterThan(5);
  });

  it("yields its tasks once each, with units merged where listed twice", () => {
    expect(doc.tasks.length).toBeGreaterThanOrEqual(30);
    const keys = doc.tasks.map((t) => `${t.text}|${units(t)?.join("、")}`);
    expect(new Set(keys).size).toBe(keys.length);
    // （责任单位：市城乡建委、市发展改革委、市规划局、市财政局、市规划局、…） names 市规划局 twice.
    const town = doc.tasks.find(
      (t) =>
        units(t)?.[0] === "市城乡建委" && units(t)?.includes("市规划局") && units(t)?.includes("市公安局"),
    );
    expect(units(town)?.filter((u) => u === "市规划局")).toHaveLength(1);
    expect(diagnostics.some((d) => d.code === "duplicate-unit")).toBe(true);
    const credit = taskStarting(doc, "继续执行扶持民族贸易和民族特需商品生产的税收");
    expect(units(credit)).toEqual(["市民族宗教委", "市财政局", "人行重庆营管部", "市国税局", "市地税局"]);
  });

  it("reads the goal sentences", () => {
    const names = doc.indicators.map((i) => i.name);
    expect(names.some((n) => n.endsWith("城市污水集中处理率"))).toBe(true);
    expect(names.some((n) => n.endsWith("乡村污水集中处理率"))).toBe(true);
    expect(names.some((n) => n.endsWith("城镇生活垃圾无害化处理率"))).toBe(true);
    const gdp = doc.indicators.find((i) => i.target?.value === 1100);
    expect(gdp?.unit).toBe("亿元");
  });
});

describe("every corpus document", () => {
  for (const name of [
    "000_7da39ae6e9dbf923.txt",
    "001_074c1061270704e5.txt",
    "002_4c99bfed024a4884.txt",
    "003_d21099bad13a34b4.txt",
    "004_407cc867e4b30cc8.txt",
  ]) {
    it(`${name}: every span lies inside the text and the document survives a JSON round trip`, () => {
      const text = corpus(name);
      const result = parse(text);
      const spans: { start: number; end: number }[] = [];
      JSON.stringify(result, (key, value: unknown) => {
        if ((key === "span" || key === "clauseSpan") && value && typeof value === "object")
          spans.push(value as { start: number; end: number });
        return value;
      });
      expect(spans.length).toBeGreaterThan(10);
      for (const span of spans) {
        expect(span.start).toBeGreaterThanOrEqual(0);
        expect(span.end).toBeGreaterThanOrEqual(span.start);
        expect(span.end).toBeLessThanOrEqual(text.length);
      }
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
      for (const task of result.document.tasks)
        expect(text.slice(task.span.start, task.span.end)).toBe(task.text);
      for (const a of result.document.tasks.flatMap((t) => t.assignments))
        expect(text.slice(a.span.start, a.span.end)).toBe(a.unit);
    });
  }
});
