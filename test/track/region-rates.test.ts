/**
 * Reporting rates across documents (DHIS2 definitions, each report judged against its own period's
 * due date), on both backends: two documents whose 2025 periods overlap, counted by hand below.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  backends,
  buildDocument,
  buildServer,
  DOC_A,
  DOC_HEALTH,
  taskId,
  unitId,
  type TestServer,
} from "../server/helpers.js";
import { expectJson, progressBody, sessionOf, setBeijing } from "./helpers.js";

interface UnitRow {
  unitName: string;
  expected: number;
  submitted: number;
  onTime: number;
  rate: number | null;
  onTimeRate: number | null;
  periods: number;
  documents: number;
}
interface Rates {
  from: string;
  to: string;
  periods: number;
  documents: number;
  units: UnitRow[];
  total: {
    expected: number;
    submitted: number;
    onTime: number;
    rate: number | null;
    onTimeRate: number | null;
  };
}

const period = (label: string, start: string, end: string) => ({
  kind: label.includes("年度") ? "yearly" : "checkpoint",
  label,
  start,
  end,
  due: end,
  source: "test",
});

describe.each(backends)("region-wide reporting rates on %s", (backend) => {
  let server: TestServer;
  const units: Record<string, string> = {};
  const p: Record<string, string> = {};
  const t: Record<string, string> = {};

  /** A unit's reporter opens, fills and submits its report at a Beijing time; returns the report id. */
  async function submitAt(when: string, unit: string, periodId: string, task: string): Promise<string> {
    setBeijing(server, when);
    const rep = await sessionOf(server, "reporter", units[unit]!);
    const opened = await expectJson<{ data: { id: string } }>(server, "POST", "/api/reports", rep, 201, {
      periodId,
      taskId: task,
    });
    await expectJson(server, "PATCH", `/api/reports/${opened.data.id}`, rep, 200, progressBody(1));
    await expectJson(server, "POST", `/api/reports/${opened.data.id}/submit`, rep, 200, {});
    return opened.data.id;
  }

  beforeAll(async () => {
    server = await buildServer(backend);
    const docA = await buildDocument(server, "ra", DOC_A, "a.txt");
    const docH = await buildDocument(server, "ra", DOC_HEALTH, "health.txt");
    for (const name of ["区交通局", "区财政局", "区教委", "区发展改革委", "区卫生健康委"])
      units[name] = await unitId(server, "ra", name);
    t.road = await taskId(server, docA, "道路");
    t.school = await taskId(server, docA, "学校");
    t.clinic = await taskId(server, docA, "医疗");
    t.screen = await taskId(server, docH, "筛查");
    setBeijing(server, "2025-01-02 09:00");
    const sup = await sessionOf(server, "supervisor");
    const open = async (doc: string, year: number, periods: unknown[]) =>
      (
        await expectJson<{ data: { created: { id: string; label: string }[] } }>(
          server,
          "POST",
          `/api/documents/${doc}/periods`,
          sup,
          200,
          { year, periods },
        )
      ).data.created;
    const a = await open(docA, 2025, [
      period("2025年上半年", "2025-01-01", "2025-06-30"),
      period("2025年度", "2025-01-01", "2025-12-31"),
    ]);
    p.aHalf = a.find((x) => x.label === "2025年上半年")!.id;
    p.aYear = a.find((x) => x.label === "2025年度")!.id;
    p.hYear = (await open(docH, 2025, [period("2025年度", "2025-01-01", "2025-12-31")]))[0]!.id;
    p.h2026 = (await open(docH, 2026, [period("2026年度", "2026-01-01", "2026-12-31")]))[0]!.id;

    // 交通局: the half-year on time (06-30 23:00 Beijing is still the due day), the year late.
    await submitAt("2025-06-30 23:00", "区交通局", p.aHalf, t.road);
    await submitAt("2026-01-02 10:00", "区交通局", p.aYear, t.road);
    // 财政局: two half-year reports on time; both returned; the road one resubmitted late (still on
    // time: first submitted before the deadline), the school one left returned (not received).
    const road = await submitAt("2025-06-20 10:00", "区财政局", p.aHalf, t.road);
    const school = await submitAt("2025-06-20 11:00", "区财政局", p.aHalf, t.school);
    setBeijing(server, "2025-06-25 10:00");
    const sup2 = await sessionOf(server, "supervisor");
    for (const id of [road, school])
      await expectJson(server, "POST", `/api/reports/${id}/return`, sup2, 200, { comment: "请补充数据" });
    setBeijing(server, "2025-07-05 10:00");
    const finance = await sessionOf(server, "reporter", units["区财政局"]!);
    await expectJson(server, "POST", `/api/reports/${road}/submit`, finance, 200, {});
    // 卫生健康委: the health notice's 2025 report on time and accepted; its 2026 report (outside
    // 2025) on time too; DOC_A's half-year clinic report only saved as a draft.
    const screen = await submitAt("2025-12-01 10:00", "区卫生健康委", p.hYear, t.screen);
    await expectJson(
      server,
      "POST",
      `/api/reports/${screen}/accept`,
      await sessionOf(server, "supervisor"),
      200,
      {},
    );
    await submitAt("2025-12-02 10:00", "区卫生健康委", p.h2026, t.screen);
    setBeijing(server, "2025-06-01 10:00");
    const health = await sessionOf(server, "reporter", units["区卫生健康委"]!);
    const draft = await expectJson<{ data: { id: string } }>(server, "POST", "/api/reports", health, 201, {
      periodId: p.aHalf,
      taskId: t.clinic,
    });
    await expectJson(server, "PATCH", `/api/reports/${draft.data.id}`, health, 200, progressBody(1));
    setBeijing(server, "2026-02-01 10:00");
  });
  afterAll(async () => {
    await server?.dispose();
  });

  const row = (rates: Rates, name: string) => {
    const r = rates.units.find((u) => u.unitName === name)!;
    return [r.expected, r.submitted, r.onTime, r.rate, r.onTimeRate, r.periods, r.documents];
  };

  it("a year: every period due in 2025 of both documents, per unit and in total", async () => {
    const sup = await sessionOf(server, "supervisor");
    const rates = (await expectJson<{ data: Rates }>(server, "GET", "/api/periods/rates?year=2025", sup, 200))
      .data;
    expect([rates.from, rates.to, rates.periods, rates.documents]).toEqual([
      "2025-01-01",
      "2025-12-31",
      3,
      2,
    ]);
    // expected: DOC_A owes each unit one report per task per period (half-year and year); the
    // health notice owes 卫生健康委 one more. [expected, submitted, on time, rate, on-time rate, periods, documents]
    expect(row(rates, "区交通局")).toEqual([2, 2, 1, 100, 50, 2, 1]);
    expect(row(rates, "区财政局")).toEqual([4, 1, 1, 25, 25, 2, 1]);
    expect(row(rates, "区教委")).toEqual([2, 0, 0, 0, 0, 2, 1]);
    expect(row(rates, "区发展改革委")).toEqual([2, 0, 0, 0, 0, 2, 1]);
    expect(row(rates, "区卫生健康委")).toEqual([3, 1, 1, 33.3, 33.3, 3, 2]);
    // 13 expected, 4 received, 3 on time: 4 ÷ 13 = 30.8 %, 3 ÷ 13 = 23.1 %.
    expect(rates.total).toEqual({ expected: 13, submitted: 4, onTime: 3, rate: 30.8, onTimeRate: 23.1 });
  });

  it("a date range of due dates: the first half only", async () => {
    const lead = await sessionOf(server, "leader");
    const rates = (
      await expectJson<{ data: Rates }>(
        server,
        "GET",
        "/api/periods/rates?from=2025-01-01&to=2025-06-30",
        lead,
        200,
      )
    ).data;
    expect([rates.periods, rates.documents]).toEqual([1, 1]);
    expect(row(rates, "区交通局")).toEqual([1, 1, 1, 100, 100, 1, 1]);
    expect(row(rates, "区财政局")).toEqual([2, 1, 1, 50, 50, 1, 1]);
    expect(row(rates, "区卫生健康委")).toEqual([1, 0, 0, 0, 0, 1, 1]);
    expect(rates.total).toEqual({ expected: 6, submitted: 2, onTime: 2, rate: 33.3, onTimeRate: 33.3 });
  });

  it("agrees with the per-period view for one period", async () => {
    const sup = await sessionOf(server, "supervisor");
    const one = (
      await expectJson<{
        data: { units: { unitName: string; expected: number; submitted: number; onTime: number }[] };
      }>(server, "GET", `/api/periods/${p.aYear}/rates`, sup, 200)
    ).data.units.find((u) => u.unitName === "区交通局")!;
    expect([one.expected, one.submitted, one.onTime]).toEqual([1, 1, 0]);
  });

  it("a department sees only its own unit, whatever it asks for; a bad range is 400", async () => {
    const rep = await sessionOf(server, "reporter", units["区卫生健康委"]!);
    const rates = (
      await expectJson<{ data: Rates }>(
        server,
        "GET",
        `/api/periods/rates?year=2025&unitId=${units["区交通局"]}`,
        rep,
        200,
      )
    ).data;
    expect(rates.units.map((u) => u.unitName)).toEqual(["区卫生健康委"]);
    expect([rates.periods, rates.documents]).toEqual([3, 2]);
    expect(rates.total).toEqual({ expected: 3, submitted: 1, onTime: 1, rate: 33.3, onTimeRate: 33.3 });
    await expectJson(server, "GET", "/api/periods/rates", rep, 400);
    await expectJson(server, "GET", "/api/periods/rates?from=2025-07-01&to=2025-01-01", rep, 400);
    await expectJson(
      server,
      "GET",
      "/api/periods/rates?year=2025",
      await sessionOf(server, "system_admin"),
      403,
    );
  });
});
