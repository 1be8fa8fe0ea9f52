/**
 * Indicator values through the API on both backends: the supervisor records observed values with
 * their source, and the progress class comes out as computed by hand (Open SDG ratio of CAGRs).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, buildDocument, buildServer, type TestServer } from "../server/helpers.js";
import { expectJson, sessionOf } from "./helpers.js";

const PLAN = `关于印发某区生态建设规划的通知
一、主要指标

\t序号\t指标\t2020年\t2025年\t属性
\t1\t森林覆盖率（%）\t50\t55\t约束性
\t2\t新增造林面积（万亩）\t—\t【250】\t预期性

二、重点任务
（一）推进植树造林。完成营造林任务。（责任单位：区林业局）
`;

interface Progress {
  data: {
    name: string;
    mode: string;
    label: string;
    progress: { status: string; ratio: number | null; binding: boolean };
  };
}

describe.each(backends)("indicator values on %s", (backend) => {
  let server: TestServer;
  let sup: string;
  let forest: string;
  let planting: string;
  let period: string;

  beforeAll(async () => {
    server = await buildServer(backend);
    const doc = await buildDocument(server, "ra", PLAN, "plan.txt");
    sup = await sessionOf(server, "supervisor");
    const ids = await server.store.db
      .selectFrom("indicators")
      .select(["id", "name"])
      .where("document_id", "=", doc)
      .execute();
    forest = ids.find((i) => i.name === "森林覆盖率")!.id;
    planting = ids.find((i) => i.name === "新增造林面积")!.id;
    const opened = await expectJson<{ data: { created: { id: string }[] } }>(
      server,
      "POST",
      `/api/documents/${doc}/periods`,
      sup,
      200,
      { year: 2022 },
    );
    period = opened.data.created[0]!.id;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it("约束性 森林覆盖率 50 (2020) → 55 (2025): 52 in 2022 is on track, 51.5 needs acceleration", async () => {
    // required CAGR = (55/50)^(1/5) − 1 = 1.92449 %; 52: √1.04 − 1 = 1.98039 %, ratio 1.0290 ≥ 1 (binding) → on track
    await expectJson(server, "POST", `/api/indicators/${forest}/observations`, sup, 200, {
      year: 2022,
      value: 52,
      source: "区统计局",
      note: "年度统计公报",
      periodId: period,
    });
    const on = await expectJson<Progress>(server, "GET", `/api/indicators/${forest}/progress`, sup, 200);
    expect(on.data.progress.status).toBe("on_track");
    expect(on.data.progress.ratio).toBeCloseTo(1.029, 3);
    expect(on.data.progress.binding).toBe(true);
    // Corrected to 51.5: √1.03 − 1 = 1.48892 %, ratio 0.7737 → 需加快进度
    await expectJson(server, "POST", `/api/indicators/${forest}/observations`, sup, 200, {
      year: 2022,
      value: 51.5,
      source: "区统计局（修正）",
    });
    const slow = await expectJson<Progress>(server, "GET", `/api/indicators/${forest}/progress`, sup, 200);
    expect([slow.data.progress.status, slow.data.label]).toEqual(["needs_acceleration", "需加快进度"]);
    expect(slow.data.progress.ratio).toBeCloseTo(0.7737, 3);
  });

  it("cumulative 【250】 over 2021–2025: 40 + 45 = 85 after two years against 100 → ratio 0.85", async () => {
    for (const [year, value] of [
      [2021, 40],
      [2022, 45],
    ] as const)
      await expectJson(server, "POST", `/api/indicators/${planting}/observations`, sup, 200, {
        year,
        value,
        source: "区林业局",
      });
    const p = await expectJson<Progress>(server, "GET", `/api/indicators/${planting}/progress`, sup, 200);
    expect(p.data.mode).toBe("cumulative");
    expect(p.data.progress.ratio).toBeCloseTo(0.85, 9);
    expect(p.data.progress.status).toBe("needs_acceleration");
  });

  it("the period's indicator view lists both; a reporter may not record or read values", async () => {
    const view = await expectJson<{ data: { indicators: { name: string; label: string }[] } }>(
      server,
      "GET",
      `/api/periods/${period}/indicators`,
      sup,
      200,
    );
    expect(view.data.indicators.map((i) => [i.name, i.label])).toEqual([
      ["森林覆盖率", "需加快进度"],
      ["新增造林面积", "需加快进度"],
    ]);
    const rep = await sessionOf(
      server,
      "reporter",
      (await server.store.db.selectFrom("units").select("id").executeTakeFirstOrThrow()).id,
    );
    await expectJson(server, "POST", `/api/indicators/${forest}/observations`, rep, 403, {
      year: 2023,
      value: 53,
      source: "x",
    });
    await expectJson(server, "GET", `/api/indicators/${forest}/progress`, rep, 403);
    await expectJson(server, "POST", `/api/indicators/${forest}/observations`, sup, 400, {
      year: 2023,
      source: "缺数值",
    });
  });
});
