/**
 * Indicator responsibility and the indicator share of the unit score, on both backends: the
 * document proposes responsible units (its indicator table's 牵头/配合单位 columns; else the tasks
 * of the indicator's own section), the supervisor sets them (audited), and each unit's score takes
 * the share of its classified indicators that are on track — a worked example computed by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditRows,
  backends,
  buildDocument,
  buildServer,
  taskId,
  unitId,
  type TestServer,
} from "../server/helpers.js";
import { expectJson, sessionOf, setBeijing } from "./helpers.js";

/** An eco plan: an indicator table with lead and co columns, a goal sentence in a section with a task. */
const DOC_ECO = `关于印发某区生态环境保护方案的通知
某府办发〔2025〕20号
一、主要指标

\t序号\t指标名称\t2020年\t2025年\t属性\t牵头单位\t配合单位
\t1\t森林覆盖率（%）\t50\t55\t约束性\t区林业局\t区农业农村委
\t2\t空气质量优良天数比例（%）\t90\t95\t约束性\t区生态环境局\t区交通局、区住房城乡建委

二、水环境治理
到2025年，城市生活污水集中收集率达到70%以上。
（一）推进污水管网建设。完成管网改造。（牵头单位：区住房城乡建委；配合单位：区水利局）
三、重点任务
（一）推进植树造林。完成营造林任务。（责任单位：区林业局）
（二）加强大气污染防治。开展扬尘整治。（牵头单位：区生态环境局；配合单位：区交通局）
（三）推进农业面源治理。开展化肥减量行动。（责任单位：区农业农村委）
`;

interface Proposed {
  written: string;
  unitName: string | null;
  role: "lead" | "co";
  basis: string;
}
interface Score {
  unitName: string;
  score: number;
  rank: number;
  indicatorRate: number | null;
  indicators: { responsible: number; classified: number; onTrack: number };
}

describe.each(backends)("indicator responsibility and scores on %s", (backend) => {
  let server: TestServer;
  let doc: string;
  let period: string;
  const ind: Record<string, string> = {};
  const u: Record<string, string> = {};

  beforeAll(async () => {
    server = await buildServer(backend);
    doc = await buildDocument(server, "ra", DOC_ECO, "eco.txt");
    for (const name of ["区林业局", "区农业农村委", "区生态环境局", "区交通局", "区住房城乡建委", "区水利局"])
      u[name] = await unitId(server, "ra", name);
    const rows = await server.store.db
      .selectFrom("indicators")
      .select(["id", "name"])
      .where("document_id", "=", doc)
      .execute();
    for (const r of rows) ind[r.name] = r.id;
    setBeijing(server, "2025-10-01 09:00");
    const sup = await sessionOf(server, "supervisor");
    const opened = await expectJson<{ data: { created: { id: string }[] } }>(
      server,
      "POST",
      `/api/documents/${doc}/periods`,
      sup,
      200,
      {
        year: 2025,
        periods: [
          {
            kind: "yearly",
            label: "2025年度",
            start: "2025-01-01",
            end: "2025-12-31",
            due: "2025-12-31",
            source: "t",
          },
        ],
      },
    );
    period = opened.data.created[0]!.id;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it("proposes units from the indicator table's columns, else from the tasks of the indicator's section", async () => {
    const sup = await sessionOf(server, "supervisor");
    const get = async (name: string) =>
      (
        await expectJson<{ data: { units: unknown[]; proposed: Proposed[] } }>(
          server,
          "GET",
          `/api/indicators/${ind[name]}/units`,
          sup,
          200,
        )
      ).data;
    const forest = await get("森林覆盖率");
    expect(forest.units).toEqual([]);
    expect(forest.proposed.map((p) => [p.written, p.unitName, p.role, p.basis])).toEqual([
      ["区林业局", "区林业局", "lead", "table_column"],
      ["区农业农村委", "区农业农村委", "co", "table_column"],
    ]);
    const air = await get("空气质量优良天数比例");
    expect(air.proposed.map((p) => [p.written, p.role])).toEqual([
      ["区生态环境局", "lead"],
      ["区交通局", "co"],
      ["区住房城乡建委", "co"],
    ]);
    const sewage = await get("城市生活污水集中收集率");
    expect(sewage.proposed.map((p) => [p.unitName, p.role, p.basis])).toEqual([
      ["区住房城乡建委", "lead", "heading_tasks"],
      ["区水利局", "co", "heading_tasks"],
    ]);
  });

  it("the supervisor sets responsible units (audited); others may not; unknown units are refused", async () => {
    const sup = await sessionOf(server, "supervisor");
    const put = (name: string, units: { unitId: string; role: string }[], status = 200, cookie = sup) =>
      expectJson<{ data: { units: { unitName: string; role: string; source: string }[] } }>(
        server,
        "PUT",
        `/api/indicators/${ind[name]}/units`,
        cookie,
        status,
        { units, source: "document" },
      );
    const forest = await put("森林覆盖率", [
      { unitId: u["区林业局"]!, role: "lead" },
      { unitId: u["区农业农村委"]!, role: "co" },
    ]);
    expect(forest.data.units.map((x) => [x.unitName, x.role, x.source])).toEqual([
      ["区林业局", "lead", "document"],
      ["区农业农村委", "co", "document"],
    ]);
    await put("空气质量优良天数比例", [
      { unitId: u["区生态环境局"]!, role: "lead" },
      { unitId: u["区交通局"]!, role: "co" },
    ]);
    await put("城市生活污水集中收集率", [{ unitId: u["区住房城乡建委"]!, role: "lead" }]);
    await put(
      "城市生活污水集中收集率",
      [{ unitId: "00000000-0000-7000-8000-000000000000", role: "lead" }],
      400,
    );
    await put("森林覆盖率", [], 403, await sessionOf(server, "leader"));
    await put("森林覆盖率", [], 403, await sessionOf(server, "reporter", u["区林业局"]!));
    const rows = (await auditRows(server)).filter(
      (r) => r.action === "indicator.assign" && r.outcome === "success",
    );
    expect(rows).toHaveLength(3);
    expect(rows[0]!.before).toEqual([]);
    expect(rows[0]!.after).toEqual([
      { unitId: u["区林业局"], unitName: "区林业局", role: "lead" },
      { unitId: u["区农业农村委"], unitName: "区农业农村委", role: "co" },
    ]);
  });

  it("scores take the share of each unit's classified indicators on track, with the supervisor's weight", async () => {
    setBeijing(server, "2025-11-01 09:00");
    const sup = await sessionOf(server, "supervisor");
    const observe = (name: string, year: number, value: number) =>
      expectJson(server, "POST", `/api/indicators/${ind[name]}/observations`, sup, 200, {
        year,
        value,
        source: "区统计局",
      });
    // 森林覆盖率 50 (2020) → 53 (2023), target 55 (2025), binding:
    //   observed CAGR (53/50)^(1/3) − 1 = 1.961 %, required (55/50)^(1/5) − 1 = 1.924 %, ratio 1.019 ≥ 1 → on track.
    await observe("森林覆盖率", 2023, 53);
    // 空气质量 90 (2020) → 91 (2023), target 95: ratio 0.369 % ÷ 1.087 % = 0.34 → limited progress.
    // The 2026 value 96 (target reached) lies after the period's year and must not count.
    await observe("空气质量优良天数比例", 2023, 91);
    await observe("空气质量优良天数比例", 2026, 96);
    // 城市生活污水集中收集率: no observation → no data, not counted.
    await expectJson(server, "PUT", `/api/periods/${period}/weights`, sup, 200, {
      completion: 40,
      onTime: 30,
      returned: 10,
      indicators: 20,
    });
    // 区林业局 reports 已完成 on time and the supervisor accepts it.
    const rep = await sessionOf(server, "reporter", u["区林业局"]!);
    const opened = await expectJson<{ data: { id: string } }>(server, "POST", "/api/reports", rep, 201, {
      periodId: period,
      taskId: await taskId(server, doc, "营造林"),
    });
    await expectJson(server, "PATCH", `/api/reports/${opened.data.id}`, rep, 200, {
      version: 1,
      status: "completed",
      progress: 100,
      narrative: "已完成营造林任务",
      measures: "",
      problems: "",
      nextSteps: "",
      reason: null,
    });
    await expectJson(server, "POST", `/api/reports/${opened.data.id}/submit`, rep, 200, {});
    await expectJson(server, "POST", `/api/reports/${opened.data.id}/accept`, sup, 200, {});

    const scores = (
      await expectJson<{ data: { units: Score[] } }>(server, "GET", `/api/periods/${period}/scores`, sup, 200)
    ).data.units;
    const of = (name: string) => scores.find((s) => s.unitName === name)!;
    // Score = 100 × Σ wᵢ·mᵢ ÷ Σ wᵢ, returned measure as (1 − rate); no returns anywhere → 1.
    // 林业局: completion 1, on time 1, returned 1, indicators 1/1 → 100 × (40 + 30 + 10 + 20) ÷ 100 = 100.
    expect([of("区林业局").score, of("区林业局").indicatorRate, of("区林业局").indicators]).toEqual([
      100,
      1,
      { responsible: 1, classified: 1, onTrack: 1 },
    ]);
    // 农业农村委 (co on 森林覆盖率): no report; indicators 1/1 → 100 × (10 + 20) ÷ 100 = 30.
    expect([of("区农业农村委").score, of("区农业农村委").indicatorRate]).toEqual([30, 1]);
    // 生态环境局 and 交通局 (空气质量, limited progress): indicators 0/1 → 100 × 10 ÷ 100 = 10.
    expect([of("区生态环境局").score, of("区生态环境局").indicatorRate]).toEqual([10, 0]);
    expect([of("区交通局").score, of("区交通局").indicators]).toEqual([
      10,
      { responsible: 1, classified: 1, onTrack: 0 },
    ]);
    // 住房城乡建委 (污水, no data) and 水利局 (no indicator): the indicator weight drops out →
    // 100 × 10 ÷ (40 + 30 + 10) = 12.5.
    expect([
      of("区住房城乡建委").score,
      of("区住房城乡建委").indicatorRate,
      of("区住房城乡建委").indicators,
    ]).toEqual([12.5, null, { responsible: 1, classified: 0, onTrack: 0 }]);
    expect(of("区水利局").score).toBe(12.5);
    // Ranking: equal scores share a rank.
    expect(scores.map((s) => [s.unitName, s.rank])).toEqual([
      ["区林业局", 1],
      ["区农业农村委", 2],
      [scores[2]!.unitName, 3],
      [scores[3]!.unitName, 3],
      [scores[4]!.unitName, 5],
      [scores[5]!.unitName, 5],
    ]);
    expect(
      scores
        .slice(2, 4)
        .map((s) => s.unitName)
        .sort(),
    ).toEqual(["区住房城乡建委", "区水利局"].sort());
  });
});
