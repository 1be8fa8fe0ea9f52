/**
 * Reporting periods of a document: proposed from its text, opened by the supervisor for a year,
 * edited, closed (which locks accepted reports) and reopened, with per-unit exceptions.
 */
import { randomUUID } from "node:crypto";
import type { Selectable, Transaction } from "kysely";
import type { Database, PeriodsTable } from "../store/index.js";
import type { TrackContext, TrackScope } from "./context.js";
import { TrackError } from "./errors.js";
import { proposeCalendar, type PeriodKind, type ProposedPeriod } from "./rules/calendar.js";

/** A period as the services return it. */
export interface PeriodRecord {
  id: string;
  documentId: string;
  kind: PeriodKind;
  label: string;
  start: string;
  end: string;
  due: string;
  status: "open" | "closed";
  source: string | null;
  closedAt: Date | null;
}

/** Maps a row. */
export function periodOf(row: Selectable<PeriodsTable>): PeriodRecord {
  return {
    id: row.id,
    documentId: row.document_id,
    kind: row.kind,
    label: row.label,
    start: row.start_date,
    end: row.end_date,
    due: row.due_date,
    status: row.status,
    source: row.source,
    closedAt: row.closed_at,
  };
}

/** The document's calendar proposal for `year`, from its stored text, phases and task deadlines. */
export async function proposePeriods(
  scope: TrackScope,
  documentId: string,
  year: number,
): Promise<ProposedPeriod[]> {
  const doc = await scope.db
    .selectFrom("documents")
    .select(["text"])
    .where("region_id", "=", scope.regionId)
    .where("id", "=", documentId)
    .executeTakeFirst();
  if (!doc) throw new TrackError("NOT_FOUND", "未找到文件");
  const phases = await scope.db
    .selectFrom("phases")
    .select(["name", "start_month", "end_month", "steps"])
    .where("region_id", "=", scope.regionId)
    .where("document_id", "=", documentId)
    .orderBy("seq")
    .execute();
  const tasks = await scope.db
    .selectFrom("tasks")
    .select(["text", "deadline"])
    .where("region_id", "=", scope.regionId)
    .where("document_id", "=", documentId)
    .where("status", "=", "active")
    .where("deadline", "is not", null)
    .execute();
  return proposeCalendar(
    {
      text: doc.text,
      phases: phases.map((p) => ({
        name: p.name,
        start: p.start_month ?? undefined,
        end: p.end_month ?? undefined,
        steps: (p.steps as { text: string; deadline?: string }[]).map((s) => ({
          text: s.text,
          deadline: s.deadline,
        })),
      })),
      taskDeadlines: tasks.map((t) => ({ text: t.text, deadline: t.deadline! })),
    },
    year,
  );
}

/** The periods of a region, of one document when given, by due date. */
export async function listPeriods(
  scope: TrackScope,
  filter: { documentId?: string | undefined; unitId?: string | null | undefined } = {},
): Promise<PeriodRecord[]> {
  let query = scope.db.selectFrom("periods as p").selectAll("p").where("p.region_id", "=", scope.regionId);
  if (filter.documentId) query = query.where("p.document_id", "=", filter.documentId);
  if (filter.unitId) {
    const unitId = filter.unitId;
    // A department sees the periods of documents where it has a task.
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("assignments as a")
          .select("a.id")
          .whereRef("a.region_id", "=", "p.region_id")
          .whereRef("a.document_id", "=", "p.document_id")
          .where("a.unit_id", "=", unitId),
      ),
    );
  }
  const rows = await query.orderBy("p.due_date").orderBy("p.label").execute();
  return rows.map(periodOf);
}

/** One period, or a NOT_FOUND TrackError. */
export async function getPeriod(scope: TrackScope, id: string): Promise<PeriodRecord> {
  const row = await scope.db
    .selectFrom("periods")
    .selectAll()
    .where("region_id", "=", scope.regionId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new TrackError("NOT_FOUND", "未找到报送周期");
  return periodOf(row);
}

/** True when the unit has a task in the document of the period. */
export async function unitInDocument(
  scope: TrackScope,
  documentId: string,
  unitId: string,
): Promise<boolean> {
  const row = await scope.db
    .selectFrom("assignments")
    .select("id")
    .where("region_id", "=", scope.regionId)
    .where("document_id", "=", documentId)
    .where("unit_id", "=", unitId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Opens a year for a document: inserts the given periods (the proposal when none are given),
 * skipping labels the document already has. Returns the document's periods of that year.
 */
export async function openYear(
  ctx: TrackContext,
  documentId: string,
  year: number,
  periods?: readonly ProposedPeriod[],
): Promise<{ created: PeriodRecord[]; periods: PeriodRecord[] }> {
  const scope = { db: ctx.db, regionId: ctx.actor.regionId };
  const wanted = periods ?? (await proposePeriods(scope, documentId, year));
  return ctx.transaction(async (trx) => {
    const existing = new Set(
      (
        await trx
          .selectFrom("periods")
          .select("label")
          .where("region_id", "=", scope.regionId)
          .where("document_id", "=", documentId)
          .execute()
      ).map((r) => r.label),
    );
    const created: PeriodRecord[] = [];
    for (const p of wanted) {
      if (existing.has(p.label)) continue;
      existing.add(p.label);
      const row = await trx
        .insertInto("periods")
        .values({
          region_id: scope.regionId,
          id: randomUUID(),
          document_id: documentId,
          kind: p.kind,
          label: p.label,
          start_date: p.start,
          end_date: p.end,
          due_date: p.due,
          source: p.source,
          weights: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      created.push(periodOf(row));
    }
    await ctx.audit(trx, {
      objectId: documentId,
      after: { year, created: created.map((p) => ({ id: p.id, label: p.label, due: p.due })) },
    });
    const all = await trx
      .selectFrom("periods")
      .selectAll()
      .where("region_id", "=", scope.regionId)
      .where("document_id", "=", documentId)
      .where("due_date", ">=", `${year}-01-01`)
      .where("due_date", "<=", `${year}-12-31`)
      .orderBy("due_date")
      .orderBy("label")
      .execute();
    return { created, periods: all.map(periodOf) };
  });
}

/** What the supervisor may change in a period. */
export interface PeriodPatch {
  label?: string | undefined;
  start?: string | undefined;
  end?: string | undefined;
  due?: string | undefined;
}

/** Edits a period's label or dates. */
export async function updatePeriod(ctx: TrackContext, id: string, patch: PeriodPatch): Promise<PeriodRecord> {
  return ctx.transaction(async (trx) => {
    const before = await getPeriod({ db: trx, regionId: ctx.actor.regionId }, id);
    const next = {
      label: patch.label ?? before.label,
      start: patch.start ?? before.start,
      end: patch.end ?? before.end,
      due: patch.due ?? before.due,
    };
    if (next.start > next.end) throw new TrackError("REPORT_INVALID", "开始日期不能晚于结束日期");
    const row = await trx
      .updateTable("periods")
      .set({ label: next.label, start_date: next.start, end_date: next.end, due_date: next.due })
      .where("region_id", "=", ctx.actor.regionId)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await ctx.audit(trx, { objectId: id, before, after: next });
    return periodOf(row);
  });
}

/** Closes a period (accepted reports become locked) or reopens it. */
export async function setPeriodStatus(
  ctx: TrackContext,
  id: string,
  status: "open" | "closed",
): Promise<{ period: PeriodRecord; locked: number }> {
  return ctx.transaction(async (trx) => {
    const before = await getPeriod({ db: trx, regionId: ctx.actor.regionId }, id);
    const now = ctx.clock.now();
    const row = await trx
      .updateTable("periods")
      .set({ status, closed_at: status === "closed" ? now : null })
      .where("region_id", "=", ctx.actor.regionId)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const locked = status === "closed" ? await lockAccepted(ctx, trx, id, now) : 0;
    await ctx.audit(trx, { objectId: id, before: { status: before.status }, after: { status, locked } });
    return { period: periodOf(row), locked };
  });
}

async function lockAccepted(ctx: TrackContext, trx: Transaction<Database>, periodId: string, now: Date) {
  const rows = await trx
    .updateTable("reports")
    .set((eb) => ({ workflow: "locked", version: eb("version", "+", 1), updated_at: now }))
    .where("region_id", "=", ctx.actor.regionId)
    .where("period_id", "=", periodId)
    .where("workflow", "=", "accepted")
    .returningAll()
    .execute();
  if (rows.length > 0) {
    await trx
      .insertInto("report_versions")
      .values(
        rows.map((r) => ({
          region_id: r.region_id,
          report_id: r.id,
          version: r.version,
          action: "lock",
          workflow: "locked",
          content: JSON.stringify(contentOfRow(r)),
          comment: null,
          actor_id: ctx.actor.userId,
          actor_name: ctx.actor.username,
          at: now,
        })),
      )
      .execute();
  }
  return rows.length;
}

/** The fields of a report row a version keeps. */
export function contentOfRow(r: {
  status: string;
  progress: number;
  narrative: string;
  measures: string;
  problems: string;
  next_steps: string;
  reason: string | null;
}) {
  return {
    status: r.status,
    progress: r.progress,
    narrative: r.narrative,
    measures: r.measures,
    problems: r.problems,
    nextSteps: r.next_steps,
    reason: r.reason,
  };
}

/** Lets one unit keep saving and submitting in a closed period. */
export async function grantException(
  ctx: TrackContext,
  periodId: string,
  unitId: string,
  reason: string,
): Promise<void> {
  await ctx.transaction(async (trx) => {
    await getPeriod({ db: trx, regionId: ctx.actor.regionId }, periodId);
    const unit = await trx
      .selectFrom("units")
      .select("id")
      .where("region_id", "=", ctx.actor.regionId)
      .where("id", "=", unitId)
      .executeTakeFirst();
    if (!unit) throw new TrackError("NOT_FOUND", "未找到责任单位");
    await trx
      .insertInto("period_exceptions")
      .values({
        region_id: ctx.actor.regionId,
        period_id: periodId,
        unit_id: unitId,
        reason,
        granted_by: ctx.actor.userId,
        granted_at: ctx.clock.now(),
      })
      // Granting again (after a revocation, or to change the reason) puts it back in force.
      .onConflict((oc) =>
        oc.columns(["region_id", "period_id", "unit_id"]).doUpdateSet({
          reason,
          granted_by: ctx.actor.userId,
          granted_at: ctx.clock.now(),
          revoked_at: null,
          revoked_by: null,
        }),
      )
      .execute();
    await ctx.audit(trx, { objectId: periodId, after: { unitId, reason } });
  });
}

/** True when the unit may still write in the period: it is open, or the unit has an exception. */
export async function periodWritable(
  scope: TrackScope,
  period: PeriodRecord,
  unitId: string,
): Promise<boolean> {
  if (period.status === "open") return true;
  const exception = await scope.db
    .selectFrom("period_exceptions")
    .select("unit_id")
    .where("region_id", "=", scope.regionId)
    .where("period_id", "=", period.id)
    .where("unit_id", "=", unitId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return exception !== undefined;
}

/** An exception (补报例外) as listed: who granted it when, and whether it is still in force. */
export interface PeriodExceptionRecord {
  periodId: string;
  unitId: string;
  unitName: string;
  reason: string;
  grantedBy: string | null;
  /** Display name of the granting account; null for the command line. */
  grantedByName: string | null;
  grantedAt: Date;
  inForce: boolean;
  revokedAt: Date | null;
  revokedBy: string | null;
  revokedByName: string | null;
}

async function exceptionRows(scope: TrackScope, periodId: string, unitId: string | null) {
  let query = scope.db
    .selectFrom("period_exceptions as e")
    .innerJoin("units as u", (j) =>
      j.onRef("u.region_id", "=", "e.region_id").onRef("u.id", "=", "e.unit_id"),
    )
    .leftJoin("users as g", (j) =>
      j.onRef("g.region_id", "=", "e.region_id").onRef("g.id", "=", "e.granted_by"),
    )
    .leftJoin("users as r", (j) =>
      j.onRef("r.region_id", "=", "e.region_id").onRef("r.id", "=", "e.revoked_by"),
    )
    .select([
      "e.period_id",
      "e.unit_id",
      "u.canonical_name",
      "e.reason",
      "e.granted_by",
      "g.display_name as granted_by_name",
      "e.granted_at",
      "e.revoked_at",
      "e.revoked_by",
      "r.display_name as revoked_by_name",
    ])
    .where("e.region_id", "=", scope.regionId)
    .where("e.period_id", "=", periodId);
  if (unitId !== null) query = query.where("e.unit_id", "=", unitId);
  const rows = await query.orderBy("e.granted_at", "desc").orderBy("u.canonical_name").execute();
  return rows.map((r): PeriodExceptionRecord => ({
    periodId: r.period_id,
    unitId: r.unit_id,
    unitName: r.canonical_name,
    reason: r.reason,
    grantedBy: r.granted_by,
    grantedByName: r.granted_by_name,
    grantedAt: r.granted_at,
    inForce: r.revoked_at === null,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
    revokedByName: r.revoked_by_name,
  }));
}

/** The period's exceptions, in force first then revoked, newest first; of one unit when given. */
export async function listExceptions(
  scope: TrackScope,
  periodId: string,
  unitId: string | null = null,
): Promise<PeriodExceptionRecord[]> {
  await getPeriod(scope, periodId);
  const rows = await exceptionRows(scope, periodId, unitId);
  return [...rows.filter((r) => r.inForce), ...rows.filter((r) => !r.inForce)];
}

/**
 * Revokes a unit's exception: its saves in the closed period are locked (423) again. Revoking one
 * already revoked changes nothing and says so (`changed: false`), so a retry is harmless; a unit
 * that never had one is NOT_FOUND.
 */
export async function revokeException(
  ctx: TrackContext,
  periodId: string,
  unitId: string,
): Promise<{ exception: PeriodExceptionRecord; changed: boolean }> {
  return ctx.transaction(async (trx) => {
    const scope = { db: trx, regionId: ctx.actor.regionId };
    await getPeriod(scope, periodId);
    const [before] = await exceptionRows(scope, periodId, unitId);
    if (!before) throw new TrackError("NOT_FOUND", "该单位在本周期没有补报例外");
    if (before.inForce) {
      await trx
        .updateTable("period_exceptions")
        .set({ revoked_at: ctx.clock.now(), revoked_by: ctx.actor.userId })
        .where("region_id", "=", ctx.actor.regionId)
        .where("period_id", "=", periodId)
        .where("unit_id", "=", unitId)
        .execute();
    }
    const [after] = await exceptionRows(scope, periodId, unitId);
    await ctx.audit(trx, {
      objectId: periodId,
      before: { unitId, inForce: before.inForce, reason: before.reason },
      after: { unitId, inForce: false },
      ...(before.inForce ? {} : { detail: { alreadyRevokedAt: before.revokedAt } }),
    });
    return { exception: after!, changed: before.inForce };
  });
}
