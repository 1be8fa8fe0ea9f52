/**
 * A year of reporting for the Wanzhou notice (万州府办发〔2017〕83号) through the API, on both
 * backends: the supervisor opens 2024, units owe their reports, reminders go out on their days,
 * reports are filed, one is returned and fixed, the rest accepted, the period closes and locks,
 * a late save gets 423 until an exception is granted, and the rates come out as counted by hand.
 *
 * Units used (from the notice's own clauses):
 * - 区民政局 leads 10 完善民族乡基本社会服务机制 and 11 加强民族乡自然灾害综合预警; co on 8 坚持就业优先,
 *   9 稳步实施全民参保计划, 24 深化新阶段民族团结进步创建工作, 28 完善城市少数民族流动人口服务管理: 6 reports.
 * - 区扶贫办 leads 1 坚持因地制宜; co on 10, 13 健全和稳定民族乡乡村两级卫生计生服务网络, 24: 4 reports.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, buildServer, call, type TestServer } from "../server/helpers.js";
import {
  expectJson,
  importWanzhou,
  progressBody,
  sessionOf,
  setBeijing,
  taskStarting,
  unitWritten,
} from "./helpers.js";

const CIVIL_TASKS = [
  "坚持就业优先",
  "稳步实施全民参保计划",
  "完善民族乡基本社会服务机制",
  "加强民族乡自然灾害综合预警",
  "深化新阶段民族团结进步创建工作",
  "完善城市少数民族流动人口服务管理",
];

interface Report {
  id: string;
  version: number;
  workflow: string;
  returnCount: number;
  reviewComment: string | null;
  taskId: string;
}

describe.each(backends)("a year of reporting for the Wanzhou notice on %s", (backend) => {
  let server: TestServer;
  let doc: string;
  let civil: string; // 区民政局
  let poverty: string; // 区扶贫办
  let sup: string;
  let civilRep: string;
  let povertyRep: string;
  let period: string;
  const civilReports = new Map<string, Report>();

  beforeAll(async () => {
    server = await buildServer(backend);
    doc = await importWanzhou(server);
    civil = await unitWritten(server, doc, "区民政局");
    poverty = await unitWritten(server, doc, "区扶贫办");
    sup = await sessionOf(server, "supervisor");
    civilRep = await sessionOf(server, "reporter", civil);
    povertyRep = await sessionOf(server, "reporter", poverty);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it("proposes and opens 2024: one yearly period due 12-31 (每年底要向…报送任务落实情况)", async () => {
    setBeijing(server, "2024-11-01 10:00");
    const proposal = await expectJson<{ data: { label: string; due: string }[] }>(
      server,
      "GET",
      `/api/documents/${doc}/calendar?year=2024`,
      sup,
      200,
    );
    expect(proposal.data.map((p) => [p.label, p.due])).toEqual([["2024年度", "2024-12-31"]]);
    const opened = await expectJson<{ data: { created: { id: string; label: string; status: string }[] } }>(
      server,
      "POST",
      `/api/documents/${doc}/periods`,
      sup,
      200,
      { year: 2024 },
    );
    expect(opened.data.created.map((p) => [p.label, p.status])).toEqual([["2024年度", "open"]]);
    period = opened.data.created[0]!.id;
    // Opening again creates nothing new.
    const again = await expectJson<{ data: { created: unknown[]; periods: unknown[] } }>(
      server,
      "POST",
      `/api/documents/${doc}/periods`,
      sup,
      200,
      { year: 2024 },
    );
    expect([again.data.created.length, again.data.periods.length]).toEqual([0, 1]);
  });

  it("who owes what: 区民政局 6 reports, 区扶贫办 4; a reporter sees only its own", async () => {
    type Expected = { data: { expected: { unitId: string; role: string; reportId: string | null }[] } };
    const forCivil = await expectJson<Expected>(
      server,
      "GET",
      `/api/periods/${period}/expected?unitId=${civil}`,
      sup,
      200,
    );
    expect(forCivil.data.expected).toHaveLength(6);
    expect(forCivil.data.expected.filter((e) => e.role === "lead")).toHaveLength(2);
    const own = await expectJson<Expected>(
      server,
      "GET",
      `/api/periods/${period}/expected?unitId=${poverty}`,
      civilRep,
      200,
    );
    // The unitId filter of another unit is ignored for a reporter: still its own six.
    expect(own.data.expected).toHaveLength(6);
    expect(own.data.expected.every((e) => e.unitId === civil)).toBe(true);
    const povertyOwn = await expectJson<Expected>(
      server,
      "GET",
      `/api/periods/${period}/expected`,
      povertyRep,
      200,
    );
    expect(povertyOwn.data.expected).toHaveLength(4);
  });

  it("reminders 21 days before (2024-12-10), once a day, only to units still owing", async () => {
    setBeijing(server, "2024-12-09 10:00");
    const early = await expectJson<{ data: { created: unknown[] } }>(
      server,
      "POST",
      `/api/periods/${period}/reminders`,
      sup,
      200,
    );
    expect(early.data.created).toEqual([]);
    setBeijing(server, "2024-12-10 10:00");
    await expectJson(server, "POST", `/api/periods/${period}/reminders`, sup, 200);
    const again = await expectJson<{ data: { created: unknown[] } }>(
      server,
      "POST",
      `/api/periods/${period}/reminders`,
      sup,
      200,
    );
    expect(again.data.created).toEqual([]);
    const mine = await expectJson<{
      data: { kind: string; sendOn: string; unitId: string; delivery: string }[];
    }>(server, "GET", "/api/reminders", civilRep, 200);
    expect(mine.data.map((r) => [r.kind, r.sendOn])).toEqual(Array(6).fill(["before_21", "2024-12-10"]));
    expect(mine.data[0]!.delivery).toContain("SMTP 未配置");
  });

  it("区民政局 files its six reports on 2024-12-20: open (v1), save (v2), submit (v3)", async () => {
    setBeijing(server, "2024-12-20 09:00");
    for (const prefix of CIVIL_TASKS) {
      const taskId = await taskStarting(server, doc, prefix);
      const opened = await expectJson<{ data: Report }>(server, "POST", "/api/reports", civilRep, 201, {
        periodId: period,
        taskId,
      });
      expect([opened.data.version, opened.data.workflow]).toEqual([1, "draft"]);
      const body =
        prefix === "加强民族乡自然灾害综合预警"
          ? { ...progressBody(1), status: "completed", progress: 100 }
          : progressBody(1);
      const saved = await expectJson<{ data: Report }>(
        server,
        "PATCH",
        `/api/reports/${opened.data.id}`,
        civilRep,
        200,
        body,
      );
      expect(saved.data.version).toBe(2);
      const submitted = await expectJson<{ data: Report }>(
        server,
        "POST",
        `/api/reports/${opened.data.id}/submit`,
        civilRep,
        200,
        { version: 2 },
      );
      expect([submitted.data.version, submitted.data.workflow]).toEqual([3, "submitted"]);
      civilReports.set(prefix, submitted.data);
    }
  });

  it("the supervisor returns one with a comment; the unit fixes it and submits again", async () => {
    const target = civilReports.get("完善民族乡基本社会服务机制")!;
    await expectJson(server, "POST", `/api/reports/${target.id}/return`, sup, 400, { comment: "" });
    const returned = await expectJson<{ data: Report }>(
      server,
      "POST",
      `/api/reports/${target.id}/return`,
      sup,
      200,
      { comment: "请补充养老服务设施建设数据" },
    );
    expect([returned.data.workflow, returned.data.returnCount, returned.data.version]).toEqual([
      "returned",
      1,
      4,
    ]);
    const seen = await expectJson<{ data: Report }>(
      server,
      "GET",
      `/api/reports/${target.id}`,
      civilRep,
      200,
    );
    expect(seen.data.reviewComment).toBe("请补充养老服务设施建设数据");
    const fixed = await expectJson<{ data: Report }>(
      server,
      "PATCH",
      `/api/reports/${target.id}`,
      civilRep,
      200,
      progressBody(4, "新建养老服务中心2个"),
    );
    expect([fixed.data.workflow, fixed.data.version]).toEqual(["draft", 5]);
    const resubmitted = await expectJson<{ data: Report }>(
      server,
      "POST",
      `/api/reports/${target.id}/submit`,
      civilRep,
      200,
      {},
    );
    expect([resubmitted.data.workflow, resubmitted.data.version]).toEqual(["submitted", 6]);
  });

  it("reminders on 12-24 (7 days) and 2025-01-01 (the day after) go only to 区扶贫办, which has not reported", async () => {
    setBeijing(server, "2024-12-24 10:00");
    await expectJson(server, "POST", `/api/periods/${period}/reminders`, sup, 200);
    setBeijing(server, "2025-01-01 10:00");
    await expectJson(server, "POST", `/api/periods/${period}/reminders`, sup, 200);
    const civilReminders = await expectJson<{ data: unknown[] }>(
      server,
      "GET",
      "/api/reminders",
      civilRep,
      200,
    );
    expect(civilReminders.data).toHaveLength(6);
    const povertyReminders = await expectJson<{ data: { kind: string; sendOn: string }[] }>(
      server,
      "GET",
      "/api/reminders",
      povertyRep,
      200,
    );
    const counts = new Map<string, number>();
    for (const r of povertyReminders.data)
      counts.set(`${r.kind}@${r.sendOn}`, (counts.get(`${r.kind}@${r.sendOn}`) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({
      "before_21@2024-12-10": 4,
      "before_7@2024-12-24": 4,
      "overdue_1@2025-01-01": 4,
    });
  });

  it("the supervisor accepts the six; lights on 2025-01-01: 坚持因地制宜 red with 区扶贫办 missing", async () => {
    for (const r of civilReports.values()) {
      const accepted = await expectJson<{ data: Report }>(
        server,
        "POST",
        `/api/reports/${r.id}/accept`,
        sup,
        200,
        {},
      );
      expect(accepted.data.workflow).toBe("accepted");
    }
    const lights = await expectJson<{
      data: { today: string; tasks: { taskId: string; light: string; missingUnits: { unitId: string }[] }[] };
    }>(server, "GET", `/api/periods/${period}/lights`, sup, 200);
    expect(lights.data.today).toBe("2025-01-01");
    const task1 = lights.data.tasks.find((t) => t.taskId === civilReports.get("坚持就业优先")!.taskId)!;
    expect(task1.light).toBe("red"); // co-units of 坚持就业优先 other than 区民政局 have not reported
    expect(task1.missingUnits.map((u) => u.unitId)).not.toContain(civil);
    const povertyTask = await taskStarting(server, doc, "坚持因地制宜");
    const row = lights.data.tasks.find((t) => t.taskId === povertyTask)!;
    expect(row.light).toBe("red");
    expect(row.missingUnits.map((u) => u.unitId)).toContain(poverty);
  });

  it("rates as counted: 区民政局 6/6 on time (100 %, 100 %), 区扶贫办 0/4", async () => {
    const rates = await expectJson<{
      data: {
        units: {
          unitId: string;
          expected: number;
          submitted: number;
          onTime: number;
          rate: number;
          onTimeRate: number;
          returned: number;
        }[];
      };
    }>(server, "GET", `/api/periods/${period}/rates`, sup, 200);
    const of = (u: string) => rates.data.units.find((r) => r.unitId === u)!;
    expect(of(civil)).toMatchObject({
      expected: 6,
      submitted: 6,
      onTime: 6,
      rate: 100,
      onTimeRate: 100,
      returned: 1,
    });
    expect(of(poverty)).toMatchObject({ expected: 4, submitted: 0, onTime: 0, rate: 0, onTimeRate: 0 });
  });

  it("closing locks the six accepted reports; a save then gets 423; a late report needs an exception", async () => {
    setBeijing(server, "2025-01-05 10:00");
    const closed = await expectJson<{ data: { status: string; locked: number } }>(
      server,
      "POST",
      `/api/periods/${period}/close`,
      sup,
      200,
    );
    expect([closed.data.status, closed.data.locked]).toEqual(["closed", 6]);
    const locked = civilReports.get("坚持就业优先")!;
    await expectJson(server, "PATCH", `/api/reports/${locked.id}`, civilRep, 423, progressBody(4));
    const povertyTask = await taskStarting(server, doc, "坚持因地制宜");
    const refused = await expectJson<{ error: { code: string } }>(
      server,
      "POST",
      "/api/reports",
      povertyRep,
      423,
      { periodId: period, taskId: povertyTask },
    );
    expect(refused.error.code).toBe("PERIOD_CLOSED");
    await expectJson(server, "POST", `/api/periods/${period}/exceptions`, sup, 200, {
      unitId: poverty,
      reason: "因机构改革延期",
    });
    const opened = await expectJson<{ data: Report }>(server, "POST", "/api/reports", povertyRep, 201, {
      periodId: period,
      taskId: povertyTask,
    });
    await expectJson(server, "PATCH", `/api/reports/${opened.data.id}`, povertyRep, 200, progressBody(1));
    await expectJson(server, "POST", `/api/reports/${opened.data.id}/submit`, povertyRep, 200, {
      version: 2,
    });
    const rates = await expectJson<{
      data: {
        units: { unitId: string; submitted: number; onTime: number; rate: number; onTimeRate: number }[];
      };
    }>(server, "GET", `/api/periods/${period}/rates`, sup, 200);
    // 1 of 4 in (25 %), submitted 2025-01-05 after the 2024-12-31 due date: 0 on time.
    expect(rates.data.units.find((u) => u.unitId === poverty)).toMatchObject({
      submitted: 1,
      onTime: 0,
      rate: 25,
      onTimeRate: 0,
    });
  });

  it("the returned report's history: create, save, submit, return, save, submit, accept, lock", async () => {
    const target = civilReports.get("完善民族乡基本社会服务机制")!;
    const history = await expectJson<{ data: { version: number; action: string; comment: string | null }[] }>(
      server,
      "GET",
      `/api/reports/${target.id}/versions`,
      sup,
      200,
    );
    expect(history.data.map((v) => [v.version, v.action])).toEqual([
      [1, "create"],
      [2, "save"],
      [3, "submit"],
      [4, "return"],
      [5, "save"],
      [6, "submit"],
      [7, "accept"],
      [8, "lock"],
    ]);
    expect(history.data[3]!.comment).toBe("请补充养老服务设施建设数据");
  });

  it("scores with the default weights 40/30/15/15: 区民政局 (1/6 completed, 6/6 on time, 1/6 returned) = 57.8, first", async () => {
    // (40·1/6 + 30·1 + 15·(1 − 1/6)) / 85 · 100 = (6.667 + 30 + 12.5) / 85 · 100 = 57.84 → 57.8
    // 区扶贫办: (0 + 0 + 15·1) / 85 · 100 = 17.6
    const scores = await expectJson<{ data: { units: { unitId: string; score: number; rank: number }[] } }>(
      server,
      "GET",
      `/api/periods/${period}/scores`,
      sup,
      200,
    );
    const of = (u: string) => scores.data.units.find((r) => r.unitId === u)!;
    expect([of(civil).score, of(civil).rank]).toEqual([57.8, 1]);
    expect(of(poverty).score).toBe(17.6);
    // New weights: completion only → 区民政局 100·1/6 = 16.7.
    await expectJson(server, "PUT", `/api/periods/${period}/weights`, sup, 200, {
      completion: 1,
      onTime: 0,
      returned: 0,
      indicators: 0,
    });
    const weighted = await expectJson<{ data: { units: { unitId: string; score: number }[] } }>(
      server,
      "GET",
      `/api/periods/${period}/scores`,
      sup,
      200,
    );
    expect(weighted.data.units.find((u) => u.unitId === civil)!.score).toBe(16.7);
  });

  it("every write left its audit rows; the leader reads the views but cannot review", async () => {
    const leader = await sessionOf(server, "leader");
    await expectJson(server, "GET", `/api/periods/${period}/rates`, leader, 200);
    const r = civilReports.get("坚持就业优先")!;
    await expectJson(server, "POST", `/api/reports/${r.id}/return`, leader, 403, { comment: "x" });
    const rows = await server.store.db
      .selectFrom("audit_log")
      .select(["action", "outcome"])
      .where("action", "in", ["report.submit", "report.return", "report.accept", "period.close"])
      .execute();
    const count = (action: string, outcome = "success") =>
      rows.filter((x) => x.action === action && x.outcome === outcome).length;
    // 6 first submissions + 1 resubmission + 1 late one; 1 return (and the empty-comment failure, the leader's denial).
    expect([
      count("report.submit"),
      count("report.return"),
      count("report.accept"),
      count("period.close"),
    ]).toEqual([8, 1, 6, 1]);
    expect(count("report.return", "failure")).toBe(1);
    expect(count("report.return", "denied")).toBe(1);
    const res = await call(server, "GET", `/api/periods/${period}/rates`, { cookie: civilRep });
    expect(res.status).toBe(403);
  });
});
