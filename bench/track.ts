/**
 * Supervision views over a generated region: 1,000 units, 50,000 tasks (100 documents of 500), two
 * units per task (lead and co), 5 years of quarterly periods per document (2,000 periods) and about
 * 1.8 million reports. Times the views the 督查室 opens — reporting rates, lights (overdue tasks),
 * scores — on random periods, and prints p50 / p95 / max against the 300 ms target. PostgreSQL only.
 *
 * Run: npm run bench:track [-- --scale 0.2 --runs 40 --keep]
 *   LUOSHI_BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test); a fresh schema
 *   is created and dropped (kept with --keep).
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { openStore } from "../src/store/index.js";
import { periodScores } from "../src/track/evaluation.js";
import { getPeriod } from "../src/track/periods.js";
import { periodLights, periodRates } from "../src/track/supervision.js";
import { mulberry32, percentile } from "./shared.js";

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "1" },
    runs: { type: "string", default: "40" },
    keep: { type: "boolean", default: false },
  },
});
const scale = Number(values.scale);
const runs = Number(values.runs);
const UNITS = 1000;
const DOCS = Math.max(1, Math.round(100 * scale));
const TASKS_PER_DOC = 500;
const YEARS = 5;
const REGION = "bench";
const url = process.env.LUOSHI_BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const schema = `bench_track_${randomUUID().replace(/-/g, "").slice(0, 12)}`;

async function main(): Promise<void> {
  const store = await openStore({ databaseUrl: url, schema });
  const db = store.db;
  const started = Date.now();
  const uuid = (prefix: string, n: string) => sql.raw(`md5('${prefix}' || ${n})::uuid`);
  try {
    await sql`INSERT INTO regions (region_id, name) VALUES (${REGION}, '基准测试区')`.execute(db);
    await sql`INSERT INTO units (region_id, id, canonical_name, kind)
      SELECT ${REGION}, ${uuid("unit", "u")}, '单位' || u, 'department' FROM generate_series(0, ${UNITS - 1}) u`.execute(
      db,
    );
    await sql`INSERT INTO documents (region_id, id, sha256, media_type, filename, byte_size, original, format, text, title, meta, parser_version)
      SELECT ${REGION}, ${uuid("doc", "d")}, md5('doc' || d), 'text/plain', 'doc' || d || '.txt', 0, ''::bytea, 'text',
             '每季度末报送', '基准文件' || d, '{}'::jsonb, 'bench'
      FROM generate_series(0, ${DOCS - 1}) d`.execute(db);
    await sql`INSERT INTO tasks (region_id, id, document_id, task_key, seq, parser_task_id, heading_path, text,
                                 span_start, span_end, clause_start, clause_end, unit_ids)
      SELECT ${REGION}, ${uuid("task", "t")}, ${uuid("doc", "(t / " + TASKS_PER_DOC + ")")}, 'k' || t, t % ${TASKS_PER_DOC}, 't' || t, '[]'::jsonb,
             '推进第' || t || '项重点工作', 0, 1, 0, 1,
             ARRAY[${uuid("unit", "(t % " + UNITS + ")")}, ${uuid("unit", "((t * 7 + 13) % " + UNITS + ")")}]
      FROM generate_series(0, ${DOCS * TASKS_PER_DOC - 1}) t`.execute(db);
    await sql`INSERT INTO assignments (region_id, id, task_id, document_id, seq, unit_name, role, collective, span_start, span_end, unit_id)
      SELECT ${REGION}, ${uuid("a", "t || '-' || r")}, ${uuid("task", "t")}, ${uuid("doc", "(t / " + TASKS_PER_DOC + ")")}, r,
             '单位', CASE WHEN r = 0 THEN 'lead' ELSE 'co' END, false, 0, 1,
             CASE WHEN r = 0 THEN ${uuid("unit", "(t % " + UNITS + ")")} ELSE ${uuid("unit", "((t * 7 + 13) % " + UNITS + ")")} END
      FROM generate_series(0, ${DOCS * TASKS_PER_DOC - 1}) t, generate_series(0, 1) r
      WHERE r = 0 OR (t % ${UNITS}) <> ((t * 7 + 13) % ${UNITS})`.execute(db);
    await sql`INSERT INTO periods (region_id, id, document_id, kind, label, start_date, end_date, due_date, status)
      SELECT ${REGION}, ${uuid("p", "d || '-' || q")}, ${uuid("doc", "d")}, 'quarterly',
             (2020 + q / 4) || '年第' || (q % 4 + 1) || '季度',
             make_date(2020 + q / 4, (q % 4) * 3 + 1, 1),
             (make_date(2020 + q / 4, (q % 4) * 3 + 1, 1) + interval '3 months' - interval '1 day')::date,
             (make_date(2020 + q / 4, (q % 4) * 3 + 1, 1) + interval '3 months' - interval '1 day')::date,
             CASE WHEN q < ${YEARS * 4 - 1} THEN 'closed' ELSE 'open' END
      FROM generate_series(0, ${DOCS - 1}) d, generate_series(0, ${YEARS * 4 - 1}) q`.execute(db);
    const seeded = Date.now();
    // About nine in ten expected reports exist: mostly accepted or locked, some late, some returned.
    await sql`INSERT INTO reports (region_id, id, period_id, task_id, unit_id, consolidated, version, workflow, status,
                                   progress, narrative, return_count, first_submitted_at, submitted_at)
      SELECT a.region_id, gen_random_uuid(), p.id, a.task_id, a.unit_id, false, 3,
             CASE WHEN h % 10 = 0 THEN 'draft' WHEN p.status = 'closed' THEN 'locked' ELSE 'submitted' END,
             CASE WHEN h % 4 = 0 THEN 'completed' ELSE 'in_progress' END,
             CASE WHEN h % 4 = 0 THEN 100 ELSE 50 END, '按计划推进', CASE WHEN h % 17 = 0 THEN 1 ELSE 0 END,
             CASE WHEN h % 10 = 0 THEN NULL ELSE p.due_date - (h % 20 - 3) END,
             CASE WHEN h % 10 = 0 THEN NULL ELSE p.due_date - (h % 20 - 3) END
      FROM assignments a
      JOIN periods p ON p.region_id = a.region_id AND p.document_id = a.document_id
      CROSS JOIN LATERAL (SELECT abs(hashtext(a.id::text || p.id::text)) AS h) x
      WHERE a.region_id = ${REGION} AND x.h % 11 <> 0`.execute(db);
    await sql`ANALYZE`.execute(db);
    const counts = await sql<{ tasks: number; assignments: number; periods: number; reports: number }>`
      SELECT (SELECT count(*) FROM tasks)::int AS tasks, (SELECT count(*) FROM assignments)::int AS assignments,
             (SELECT count(*) FROM periods)::int AS periods, (SELECT count(*) FROM reports)::int AS reports`.execute(
      db,
    );
    const c = counts.rows[0]!;
    console.log(
      `生成 / generated: ${UNITS} units, ${DOCS} documents, ${c.tasks} tasks, ${c.assignments} assignments, ` +
        `${c.periods} periods, ${c.reports} reports (scale ${scale}) in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
        `(reports ${((Date.now() - seeded) / 1000).toFixed(1)} s)`,
    );
    const periodIds = (
      await db.selectFrom("periods").select("id").where("region_id", "=", REGION).execute()
    ).map((r) => r.id);
    const scope = { db, regionId: REGION };
    const now = new Date("2024-12-20T02:00:00Z");
    const views: Record<string, (id: string) => Promise<unknown>> = {
      // Baseline in the same run: the cheapest question about the same rows, how many reports
      // the period has. A view's cost is read against it.
      baseline: (id) =>
        db
          .selectFrom("reports")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("region_id", "=", REGION)
          .where("period_id", "=", id)
          .executeTakeFirst(),
      rates: async (id) => periodRates(scope, await getPeriod(scope, id)),
      lights: async (id) => periodLights(scope, await getPeriod(scope, id), now),
      scores: async (id) => periodScores(scope, await getPeriod(scope, id)),
    };
    const next = mulberry32(42);
    let baselineP95 = NaN;
    for (const [name, view] of Object.entries(views)) {
      for (let i = 0; i < 3; i++) await view(periodIds[Math.floor(next() * periodIds.length)]!);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const id = periodIds[Math.floor(next() * periodIds.length)]!;
        const t0 = performance.now();
        await view(id);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      if (name === "baseline") baselineP95 = p95;
      const verdict =
        name === "baseline"
          ? ""
          : `  ${(p95 / baselineP95).toFixed(1)}× baseline  ${p95 <= 300 ? "≤ 300 ms ✓" : "> 300 ms ✗"}`;
      console.log(
        `${name.padEnd(8)} runs ${runs}  p50 ${percentile(times, 50).toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  max ${times.at(-1)!.toFixed(1)} ms${verdict}`,
      );
    }
  } finally {
    if (!values.keep) await sql.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).execute(db);
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
