/**
 * Harness for the reporting-cycle suites: the Wanzhou notice (examples/corpus/001) imported into a
 * server under test, its units looked up by the names the notice writes, and JSON calls.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { UserRole } from "../../src/store/index.js";
import {
  buildDocument,
  buildUser,
  call,
  DOC_A,
  DOC_HEALTH,
  sessionFor,
  taskId,
  unitId,
  type TestServer,
} from "../server/helpers.js";

/** The Wanzhou task-division notice (万州府办发〔2017〕83号). */
export const WANZHOU = readFileSync(
  join(import.meta.dirname, "..", "..", "examples", "corpus", "001_074c1061270704e5.txt"),
  "utf8",
);

/** Imports the Wanzhou notice into a region and returns its id. */
export async function importWanzhou(server: TestServer, regionId = "ra"): Promise<string> {
  return buildDocument(server, regionId, WANZHOU, "001_wanzhou.txt");
}

/** The resolved unit that the document writes as `written`. */
export async function unitWritten(server: TestServer, documentId: string, written: string): Promise<string> {
  const row = await server.store.db
    .selectFrom("assignments")
    .select("unit_id")
    .where("document_id", "=", documentId)
    .where("unit_name", "=", written)
    .where("unit_id", "is not", null)
    .executeTakeFirstOrThrow();
  return row.unit_id!;
}

/** The id of the document's task whose text starts with `prefix`. */
export async function taskStarting(server: TestServer, documentId: string, prefix: string): Promise<string> {
  const rows = await server.store.db
    .selectFrom("tasks")
    .select(["id", "text"])
    .where("document_id", "=", documentId)
    .execute();
  const row = rows.find((r) => r.text.startsWith(prefix));
  if (!row) throw new Error(`no task starting with ${prefix}`);
  return row.id;
}

/** A session cookie for a new user of `role` (of `unitId` for a reporter). */
export async function sessionOf(
  server: TestServer,
  role: UserRole,
  unitId: string | null = null,
  regionId = "ra",
): Promise<string> {
  return sessionFor(server, await buildUser(server, { role, unitId, regionId }));
}

/** A JSON call that must answer `status`; returns the parsed body. */
export async function expectJson<T = { data: unknown }>(
  server: TestServer,
  method: string,
  path: string,
  cookie: string,
  status: number,
  json?: unknown,
): Promise<T> {
  const res = await call(server, method, path, { cookie, ...(json !== undefined ? { json } : {}) });
  const text = await res.text();
  expect(res.status, `${method} ${path}: ${text}`).toBe(status);
  return (text ? JSON.parse(text) : null) as T;
}

/** Sets the fake clock to a Beijing wall-clock time (`2024-12-10 10:00`). */
export function setBeijing(server: TestServer, local: string): void {
  server.clock.set(new Date(`${local.replace(" ", "T")}:00+08:00`));
}

/** A complete report body: in progress with a narrative. */
export function progressBody(version: number, narrative = "已按计划推进") {
  return {
    version,
    status: "in_progress",
    progress: 60,
    narrative,
    measures: "召开推进会",
    problems: "",
    nextSteps: "继续推进",
    reason: null,
  };
}

/** A document with one indicator (森林覆盖率 ≥ 55 % by 2025) and one task for 区林业局. */
export const DOC_FOREST = `关于印发某区生态建设方案的通知
某府办发〔2025〕14号
一、主要目标
到2025年，全区森林覆盖率达到55%以上。
二、重点任务
（一）推进植树造林。完成营造林任务。（责任单位：区林业局）
`;

/** Objects of the reporting cycle for the route × role matrix, per scope. */
export interface TrackWorld {
  periods: Record<"own" | "otherUnit" | "otherRegion", string>;
  closable: Record<"own" | "otherUnit" | "otherRegion", string>;
  reports: Record<"own" | "otherUnit" | "otherRegion", string>;
  evidence: Record<"own" | "otherUnit" | "otherRegion", string>;
  indicators: Record<"own" | "otherUnit" | "otherRegion", string>;
  checklist: Record<"own" | "otherUnit" | "otherRegion", string>;
  selfEvaluations: Record<"own" | "otherUnit" | "otherRegion", string>;
  evaluationFiles: Record<"own" | "otherUnit" | "otherRegion", string>;
}

async function regionSide(server: TestServer, regionId: string, docA: string, docHealth: string) {
  const sup = await sessionOf(server, "supervisor", null, regionId);
  const transport = await sessionOf(server, "reporter", await unitId(server, regionId, "区交通局"), regionId);
  const health = await sessionOf(
    server,
    "reporter",
    await unitId(server, regionId, "区卫生健康委"),
    regionId,
  );
  const openYear = async (doc: string, label: string) => {
    const body =
      label === "2025年度"
        ? { year: 2025 }
        : {
            year: 2026,
            periods: [
              {
                kind: "yearly",
                label,
                start: "2026-01-01",
                end: "2026-12-31",
                due: "2026-12-31",
                source: "matrix",
              },
            ],
          };
    const res = await expectJson<{ data: { periods: { id: string; label: string }[] } }>(
      server,
      "POST",
      `/api/documents/${doc}/periods`,
      sup,
      200,
      body,
    );
    return res.data.periods.find((p) => p.label === label)!.id;
  };
  const periodA = await openYear(docA, "2025年度");
  const periodHealth = await openYear(docHealth, "2025年度");
  const closableA = await openYear(docA, "2026年度");
  const closableHealth = await openYear(docHealth, "2026年度");
  const report = async (cookie: string, periodId: string, task: string, submit: boolean) => {
    const opened = await expectJson<{ data: { id: string } }>(server, "POST", "/api/reports", cookie, 201, {
      periodId,
      taskId: task,
    });
    await expectJson(server, "PATCH", `/api/reports/${opened.data.id}`, cookie, 200, progressBody(1));
    if (submit) await expectJson(server, "POST", `/api/reports/${opened.data.id}/submit`, cookie, 200, {});
    const form = new FormData();
    form.set("file", new File(["佐证材料"], "evidence.txt", { type: "text/plain" }));
    const uploaded = await call(server, "POST", `/api/reports/${opened.data.id}/evidence`, {
      cookie,
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const evidence = ((await uploaded.json()) as { data: { id: string } }).data.id;
    return { report: opened.data.id, evidence };
  };
  // 区交通局's report stays a draft at version 2 for the matrix to save, submit, accept and return.
  const own = await report(transport, periodA, await taskId(server, docA, "道路"), false);
  const other = await report(health, periodA, await taskId(server, docA, "医疗"), true);
  const item = async (periodId: string) =>
    (
      await expectJson<{ data: { id: string } }>(
        server,
        "POST",
        `/api/periods/${periodId}/checklist`,
        sup,
        200,
        {
          item: "建立工作台账",
          points: 10,
          evidenceRequired: false,
        },
      )
    ).data.id;
  const itemA = await item(periodA);
  const itemHealth = await item(periodHealth);
  const selfEval = async (cookie: string, itemId: string) =>
    (
      await expectJson<{ data: { id: string } }>(
        server,
        "PUT",
        `/api/checklist/${itemId}/self-evaluation`,
        cookie,
        200,
        {
          points: 8,
          note: "已建立",
        },
      )
    ).data.id;
  const upload = async (cookie: string, itemId: string) => {
    const form = new FormData();
    form.set("file", new File(["台账说明"], "台账.txt", { type: "text/plain" }));
    const res = await call(server, "POST", `/api/checklist/${itemId}/evidence`, { cookie, body: form });
    expect(res.status).toBe(201);
    return ((await res.json()) as { data: { id: string } }).data.id;
  };
  return {
    fileOwn: await upload(transport, itemA),
    fileOther: await upload(health, itemHealth),
    periodA,
    periodHealth,
    closableA,
    closableHealth,
    own,
    other,
    itemA,
    itemHealth,
    selfOwn: await selfEval(transport, itemA),
    selfOther: await selfEval(health, itemHealth),
  };
}

/** Seeds periods, reports, evidence, an indicator, checklist items and self-evaluations in `ra` and `rb`. */
export async function seedTrackWorld(
  server: TestServer,
  docs: { docA: string; docHealth: string; docB: string },
): Promise<TrackWorld> {
  const docHealthB = await buildDocument(server, "rb", DOC_HEALTH, "health.txt");
  const forestA = await buildDocument(server, "ra", DOC_FOREST, "forest.txt");
  const forestB = await buildDocument(server, "rb", DOC_FOREST, "forest.txt");
  const a = await regionSide(server, "ra", docs.docA, docs.docHealth);
  const b = await regionSide(server, "rb", docs.docB, docHealthB);
  const indicator = async (doc: string) =>
    (
      await server.store.db
        .selectFrom("indicators")
        .select("id")
        .where("document_id", "=", doc)
        .executeTakeFirstOrThrow()
    ).id;
  const indicatorA = await indicator(forestA);
  return {
    periods: { own: a.periodA, otherUnit: a.periodHealth, otherRegion: b.periodA },
    closable: { own: a.closableA, otherUnit: a.closableHealth, otherRegion: b.closableA },
    reports: { own: a.own.report, otherUnit: a.other.report, otherRegion: b.own.report },
    evidence: { own: a.own.evidence, otherUnit: a.other.evidence, otherRegion: b.own.evidence },
    indicators: { own: indicatorA, otherUnit: indicatorA, otherRegion: await indicator(forestB) },
    checklist: { own: a.itemA, otherUnit: a.itemHealth, otherRegion: b.itemA },
    selfEvaluations: { own: a.selfOwn, otherUnit: a.selfOther, otherRegion: b.selfOwn },
    evaluationFiles: { own: a.fileOwn, otherUnit: a.fileOther, otherRegion: b.fileOwn },
  };
}

/** Re-exported so suites that seed the world need one import. */
export { DOC_A };

/** Each period's exported 工作台账 (as its region's supervisor downloads it), for import calls. */
export async function ledgerFilesOf(
  server: TestServer,
  periods: Record<"own" | "otherUnit" | "otherRegion", string>,
): Promise<Record<"own" | "otherUnit" | "otherRegion", Uint8Array<ArrayBuffer>>> {
  const out = {} as Record<"own" | "otherUnit" | "otherRegion", Uint8Array<ArrayBuffer>>;
  for (const scope of ["own", "otherUnit", "otherRegion"] as const) {
    const cookie = await sessionOf(server, "supervisor", null, scope === "otherRegion" ? "rb" : "ra");
    const res = await call(server, "GET", `/api/periods/${periods[scope]}/ledger`, { cookie });
    expect(res.status).toBe(200);
    out[scope] = new Uint8Array(await res.arrayBuffer());
  }
  return out;
}
