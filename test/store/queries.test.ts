import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFiles } from "../../src/import/index.js";
import {
  citationGraph,
  findDocument,
  listUnits,
  responsibilityMatrix,
  search,
  setRegistryOverride,
  snippet,
  tasksOfUnit,
  unresolvedUnits,
} from "../../src/store/index.js";
import { backends, CORPUS, openTestStore, type TestStore } from "./helpers.js";

const REGION = "wz";

/**
 * Expected values below come from reading examples/corpus/001: its 29 （责任单位：…） clauses
 * (list them with `grep -o "（责任单位：[^）]*）"`). The first unit of a clause leads.
 */
describe.each(backends)("ledger queries on %s", (backend) => {
  let store: TestStore;
  let doc001: string;
  let doc000: string;
  beforeAll(async () => {
    store = await openTestStore(backend);
    const summary = await importFiles(store.db, [CORPUS], { regionId: REGION });
    expect(summary.imported).toBe(5);
    doc001 = await findDocument(store.db, REGION, "万州府办发〔2017〕83号");
    doc000 = await findDocument(store.db, REGION, "渝府办发[2017]54号");
  });
  afterAll(async () => {
    await store?.dispose();
  });

  it("tasks of a unit: 区发改委 is 区发展改革委, named in 22 clauses of 001, never first", async () => {
    const { unit, tasks } = await tasksOfUnit(store.db, { regionId: REGION, unit: "区发改委" });
    expect(unit).toMatchObject({ canonicalName: "区发展改革委", resolved: true });
    expect(tasks).toHaveLength(22);
    expect(new Set(tasks.map((t) => t.role))).toEqual(new Set(["co"]));
    expect(new Set(tasks.map((t) => t.documentId))).toEqual(new Set([doc001]));
    expect(
      (await tasksOfUnit(store.db, { regionId: REGION, unit: "区发展和改革委员会", role: "lead" })).tasks,
    ).toEqual([]);
  });

  it("tasks of a renamed unit: 区卫生健康委 finds the 5 tasks of 区卫生计生委 (2 lead, 3 co)", async () => {
    const { tasks } = await tasksOfUnit(store.db, { regionId: REGION, unit: "区卫健委" });
    expect(tasks.map((t) => t.role).sort()).toEqual(["co", "co", "co", "lead", "lead"]);
    expect(new Set(tasks.map((t) => t.writtenAs))).toEqual(new Set(["区卫生计生委"]));
    const lead = await tasksOfUnit(store.db, { regionId: REGION, unit: "区卫生计生委", role: "lead" });
    // The clauses led by it close items （1）健全公共卫生服务体系 and （2）加强医疗服务体系建设.
    expect(
      lead.tasks
        .map((t) => t.headingPath.at(-1) + t.text)
        .map((s) => /健全公共卫生服务体系|加强医疗服务体系建设/.exec(s)?.[0]),
    ).toEqual(["健全公共卫生服务体系", "加强医疗服务体系建设"]);
  });

  it("tasks of an unresolved name match the name as written", async () => {
    const { unit, tasks } = await tasksOfUnit(store.db, { regionId: REGION, unit: "万州检疫检验局" });
    expect(unit.resolved).toBe(false);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.role).toBe("co");
  });

  it("the responsibility matrix of 001: 29 rows; first row led by 区扶贫办 (today 区乡村振兴局)", async () => {
    const matrix = await responsibilityMatrix(store.db, { regionId: REGION, documentId: doc001 });
    expect(matrix.docNumber).toBe("万州府办发〔2017〕83号");
    expect(matrix.rows).toHaveLength(29);
    const name = new Map(matrix.units.map((u) => [u.key, u.name]));
    const first = Object.entries(matrix.rows[0]!.cells).map(([k, role]) => `${name.get(k)}:${role}`);
    expect(first).toEqual([
      "区乡村振兴局:lead",
      "区发展改革委:co",
      "区财政局:co",
      "区农业农村委:co",
      "区委统战部:co",
      "相关扶贫帮扶集团:co",
    ]);
    const summary = Object.fromEntries(matrix.units.map((u) => [u.name, [u.lead, u.co]]));
    expect(summary["区发展改革委"]).toEqual([0, 22]);
    expect(summary["区乡村振兴局"]).toEqual([1, 3]);
    expect(summary["区卫生健康委"]).toEqual([2, 3]);
    // 区工商分局, 区食药监分局 and 区质监局 are all today's 区市场监管局: 3 clauses, none first.
    expect(summary["区市场监管局"]).toEqual([0, 3]);
    expect(matrix.units.find((u) => u.name === "万州检疫检验局")).toMatchObject({
      resolved: false,
      unitId: null,
    });
  });

  it("the citation graph: 001 → 000, and 000's own citations one step further", async () => {
    const one = await citationGraph(store.db, { regionId: REGION, documentId: doc001 });
    expect(one.nodes.map((n) => [n.docNumber, n.distance])).toEqual([
      ["万州府办发〔2017〕83号", 0],
      ["渝府办发〔2017〕54号", 1],
    ]);
    expect(one.edges).toEqual([
      expect.objectContaining({ from: doc001, to: doc000, resolvedBy: "doc_number" }),
    ]);
    const two = await citationGraph(store.db, { regionId: REGION, documentId: doc001, depth: 2 });
    const from000 = await store.db
      .selectFrom("citations")
      .select("id")
      .where("document_id", "=", doc000)
      .where("alias_of", "is", null)
      .where((eb) => eb.or([eb("title", "is not", null), eb("doc_number", "is not", null)]))
      .execute();
    expect(
      two.edges
        .filter((e) => e.from === doc000)
        .map((e) => e.citationId)
        .sort(),
    ).toEqual(from000.map((c) => c.id).sort());
    for (const e of two.edges) expect(e.title ?? e.docNumber ?? e.to).not.toBeNull();
    const incoming = await citationGraph(store.db, { regionId: REGION, documentId: doc000 });
    expect(incoming.edges.filter((e) => e.to === doc000).map((e) => e.from)).toEqual([doc001]);
  });

  it("lists the 7 unit names of the corpus that the registry does not know", async () => {
    const list = await unresolvedUnits(store.db, { regionId: REGION });
    expect(list.map((u) => u.name).sort()).toEqual(
      [
        "万州检疫检验局",
        "人行重庆营管部",
        "县工业园区管委会",
        "市农科局",
        "州生态环境局弥勒分局",
        "中国人民银行弥勒支行",
        "市投资促进局",
      ].sort(),
    );
    expect(list.find((u) => u.name === "万州检疫检验局")).toEqual({
      name: "万州检疫检验局",
      assignments: 1,
      tasks: 1,
      documents: 1,
    });
  });

  it("a region override resolves a listed name and re-points its assignments", async () => {
    const changed = await setRegistryOverride(store.db, REGION, {
      version: 1,
      entries: [{ key: "customs-inspection", name: "检疫检验局", aliases: ["海关"] }],
      places: { 万州: "区" },
    });
    expect(changed).toBe(1);
    expect((await unresolvedUnits(store.db, { regionId: REGION })).map((u) => u.name)).not.toContain(
      "万州检疫检验局",
    );
    const { unit, tasks } = await tasksOfUnit(store.db, { regionId: REGION, unit: "区检疫检验局" });
    expect(unit.resolved).toBe(true);
    expect(tasks).toHaveLength(1);
    // Search within the unit's tasks follows the new resolution (tasks.unit_ids was updated).
    const found = await search(store.db, { regionId: REGION, query: "检疫", unit: "区检疫检验局" });
    expect(found.hits.map((h) => h.id)).toEqual([tasks[0]!.taskId]);
    expect(
      (await listUnits(store.db, { regionId: REGION })).find((u) => u.canonicalName === "区检疫检验局"),
    ).toMatchObject({
      co: 1,
      lead: 0,
    });
  });
});

describe.each(backends)("search on %s", (backend) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(backend);
    await importFiles(store.db, [CORPUS], { regionId: REGION });
  });
  afterAll(async () => {
    await store?.dispose();
  });

  it("segments the query like the index and finds tasks that contain every word", async () => {
    const result = await search(store.db, {
      regionId: REGION,
      query: "乡村振兴 交通",
      kinds: ["task"],
      limit: 50,
    });
    expect(result.tokens).toEqual(["乡村", "振兴", "交通"]);
    expect(result.hits.length).toBeGreaterThan(0);
    for (const hit of result.hits) {
      // A task is indexed with its heading path, its text and its units as written (县乡村振兴局 …).
      const row = await store.db
        .selectFrom("tasks")
        .select("text")
        .where("id", "=", hit.id)
        .executeTakeFirstOrThrow();
      const units = await store.db
        .selectFrom("assignments")
        .select("unit_name")
        .where("task_id", "=", hit.id)
        .execute();
      const haystack = `${hit.headingPath!.join(" ")} ${row.text} ${units.map((u) => u.unit_name).join(" ")}`;
      for (const token of result.tokens) expect(haystack).toContain(token);
    }
    const ranks = result.hits.map((h) => h.rank);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
  });

  it("finds 001's 民族团结 tasks and filters by unit, document and year", async () => {
    const all = await search(store.db, {
      regionId: REGION,
      query: "民族团结进步创建",
      kinds: ["task"],
      limit: 100,
    });
    const doc001 = await findDocument(store.db, REGION, "万州府办发〔2017〕83号");
    const in001 = await search(store.db, {
      regionId: REGION,
      query: "民族团结进步创建",
      documentId: doc001,
      kinds: ["task"],
    });
    expect(in001.hits.length).toBeGreaterThan(0);
    expect(in001.hits.every((h) => h.documentId === doc001)).toBe(true);
    expect(all.hits.length).toBeGreaterThanOrEqual(in001.hits.length);
    const y2017 = await search(store.db, {
      regionId: REGION,
      query: "民族团结进步创建",
      year: 2017,
      kinds: ["task"],
      limit: 100,
    });
    expect(y2017.hits.every((h) => h.year === 2017)).toBe(true);
    expect(
      (await search(store.db, { regionId: REGION, query: "民族团结进步创建", year: 1999 })).hits,
    ).toEqual([]);
    // 区委统战部 is named in every 民族团结 clause of 001; 区卫生计生委 in none of them.
    const byUnit = await search(store.db, {
      regionId: REGION,
      query: "民族团结进步创建",
      unit: "区委统战部",
    });
    expect(byUnit.hits.length).toBe(in001.hits.length);
    expect(
      (await search(store.db, { regionId: REGION, query: "民族团结进步创建", unit: "区卫健委" })).hits,
    ).toEqual([]);
  });

  it("searches indicators and documents, and finds nothing for words that are not there", async () => {
    const ind = await search(store.db, { regionId: REGION, query: "森林覆盖率", kinds: ["indicator"] });
    expect(ind.hits.length).toBeGreaterThan(0);
    expect(ind.hits[0]!.snippet).toContain("森林覆盖率");
    const docs = await search(store.db, { regionId: REGION, query: "渝府办发", kinds: ["document"] });
    expect(docs.hits.map((h) => h.docNumber)).toContain("渝府办发〔2017〕54号");
    expect((await search(store.db, { regionId: REGION, query: "量子计算机" })).hits).toEqual([]);
    expect((await search(store.db, { regionId: REGION, query: "的 和 、" })).tokens).toEqual([]);
    // Operators and quotes in the query are plain text, never tsquery syntax.
    await expect(search(store.db, { regionId: REGION, query: "交通 & | ! ( ' :*" })).resolves.toBeDefined();
  });
});

describe("snippets", () => {
  it("centres on the densest match and marks every match", () => {
    const text = `${"甲".repeat(200)}推进乡村振兴，完善交通网络${"乙".repeat(200)}`;
    const s = snippet(text, ["乡村", "振兴", "交通"], 40);
    expect(s.snippet.startsWith("…")).toBe(true);
    expect(s.snippet.endsWith("…")).toBe(true);
    const marked = s.highlights.map(([a, b]) => s.snippet.slice(a, b));
    expect(marked).toEqual(["乡村振兴", "交通"]);
  });

  it("keeps short texts whole", () => {
    expect(snippet("森林覆盖率（%）", ["森林"])).toEqual({
      snippet: "森林覆盖率（%）",
      highlights: [[0, 2]],
    });
  });
});
