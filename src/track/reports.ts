/**
 * Progress reports: a unit opens its report on a task for a period, saves drafts (optimistic
 * concurrency on `version`), submits; the supervisor accepts or returns it with a comment. Every
 * change writes a version row and one audit row in the same transaction.
 */
import { randomUUID } from "node:crypto";
import type { Selectable, Transaction } from "kysely";
import type { Database, ReportsTable } from "../store/index.js";
import type { TrackContext, TrackScope } from "./context.js";
import { TrackError } from "./errors.js";
import { contentOfRow, getPeriod, periodWritable, type PeriodRecord } from "./periods.js";
import type { ReportStatus } from "./report-status.js";
import { reportProblems, submissionProblems, type ReportContent } from "./rules/validate.js";
import { nextWorkflow, type Workflow, type WorkflowAction } from "./rules/workflow.js";

/** A report as the services return it. */
export interface ReportRecord extends ReportContent {
  id: string;
  periodId: string;
  taskId: string;
  unitId: string;
  consolidated: boolean;
  version: number;
  workflow: Workflow;
  returnCount: number;
  reviewComment: string | null;
  firstSubmittedAt: Date | null;
  submittedAt: Date | null;
  reviewedAt: Date | null;
  updatedAt: Date;
}

/** Maps a row. */
export function reportOf(r: Selectable<ReportsTable>): ReportRecord {
  return {
    id: r.id,
    periodId: r.period_id,
    taskId: r.task_id,
    unitId: r.unit_id,
    consolidated: r.consolidated,
    version: r.version,
    workflow: r.workflow,
    status: r.status,
    progress: r.progress,
    narrative: r.narrative,
    measures: r.measures,
    problems: r.problems,
    nextSteps: r.next_steps,
    reason: r.reason,
    returnCount: r.return_count,
    reviewComment: r.review_comment,
    firstSubmittedAt: r.first_submitted_at,
    submittedAt: r.submitted_at,
    reviewedAt: r.reviewed_at,
    updatedAt: r.updated_at,
  };
}

/** A report with what authorization needs: the units of its task and their roles. */
export interface ReportWithTask {
  report: ReportRecord;
  period: PeriodRecord;
  /** Units assigned to the task, with `lead` when the unit leads it. */
  taskUnits: { unitId: string; role: "lead" | "co" }[];
}

/** The resolved units of a task and their role (lead wins when a unit is named twice). */
export async function taskUnits(
  scope: TrackScope,
  taskId: string,
): Promise<{ unitId: string; role: "lead" | "co" }[]> {
  const rows = await scope.db
    .selectFrom("assignments")
    .select(["unit_id", "role"])
    .where("region_id", "=", scope.regionId)
    .where("task_id", "=", taskId)
    .where("unit_id", "is not", null)
    .orderBy("seq")
    .execute();
  const out = new Map<string, "lead" | "co">();
  for (const r of rows) if (out.get(r.unit_id!) !== "lead") out.set(r.unit_id!, r.role);
  return [...out].map(([unitId, role]) => ({ unitId, role }));
}

/** One report with its period and task units, or NOT_FOUND. */
export async function loadReport(scope: TrackScope, id: string): Promise<ReportWithTask> {
  const row = await scope.db
    .selectFrom("reports")
    .selectAll()
    .where("region_id", "=", scope.regionId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new TrackError("NOT_FOUND", "未找到报告");
  return {
    report: reportOf(row),
    period: await getPeriod(scope, row.period_id),
    taskUnits: await taskUnits(scope, row.task_id),
  };
}

/** Reports of a period (of one unit or task when given), in task order. */
export async function listReports(
  scope: TrackScope,
  filter: {
    periodId?: string | undefined;
    unitId?: string | undefined;
    taskId?: string | undefined;
    visibleTo?: string | null;
  },
): Promise<ReportRecord[]> {
  let query = scope.db.selectFrom("reports as r").selectAll("r").where("r.region_id", "=", scope.regionId);
  if (filter.periodId) query = query.where("r.period_id", "=", filter.periodId);
  if (filter.unitId) query = query.where("r.unit_id", "=", filter.unitId);
  if (filter.taskId) query = query.where("r.task_id", "=", filter.taskId);
  if (filter.visibleTo) {
    // A department sees its own reports and, on tasks it leads, its co-units' reports.
    const unit = filter.visibleTo;
    query = query.where((eb) =>
      eb.or([
        eb("r.unit_id", "=", unit),
        eb.exists(
          eb
            .selectFrom("assignments as a")
            .select("a.id")
            .whereRef("a.region_id", "=", "r.region_id")
            .whereRef("a.task_id", "=", "r.task_id")
            .where("a.unit_id", "=", unit)
            .where("a.role", "=", "lead"),
        ),
      ]),
    );
  }
  const rows = await query
    .orderBy("r.task_id")
    .orderBy("r.consolidated")
    .orderBy("r.unit_id")
    .limit(5000)
    .execute();
  return rows.map(reportOf);
}

/** True when the unit may read the report: its own, or one on a task the unit leads. */
export function unitMayRead(unitId: string | null, loaded: ReportWithTask): boolean {
  if (!unitId) return false;
  if (loaded.report.unitId === unitId) return true;
  return loaded.taskUnits.some((u) => u.unitId === unitId && u.role === "lead");
}

async function assertWritable(scope: TrackScope, period: PeriodRecord, unitId: string): Promise<void> {
  if (!(await periodWritable(scope, period, unitId)))
    throw new TrackError("PERIOD_CLOSED", "报送周期已关闭，如需补报请联系督查室开通例外");
}

const EMPTY: ReportContent = {
  status: "not_started",
  progress: 0,
  narrative: "",
  measures: "",
  problems: "",
  nextSteps: "",
  reason: null,
};

/**
 * The unit's report on a task for a period, created as an empty draft when it does not exist yet.
 * A consolidated report is the lead unit's. NOT_ASSIGNED when the unit has no part in the task.
 */
export async function openReport(
  ctx: TrackContext,
  input: { periodId: string; taskId: string; unitId: string; consolidated: boolean },
): Promise<{ report: ReportRecord; created: boolean }> {
  const scope = { db: ctx.db, regionId: ctx.actor.regionId };
  const period = await getPeriod(scope, input.periodId);
  const task = await ctx.db
    .selectFrom("tasks")
    .select(["document_id", "status"])
    .where("region_id", "=", scope.regionId)
    .where("id", "=", input.taskId)
    .executeTakeFirst();
  if (!task || task.document_id !== period.documentId) throw new TrackError("NOT_FOUND", "未找到任务");
  const units = await taskUnits(scope, input.taskId);
  const role = units.find((u) => u.unitId === input.unitId)?.role;
  if (!role || (input.consolidated && role !== "lead"))
    throw new TrackError(
      "NOT_ASSIGNED",
      input.consolidated ? "只有牵头单位可以填写汇总报告" : "该单位不是此任务的责任单位",
    );
  return ctx.transaction(async (trx) => {
    const existing = await trx
      .selectFrom("reports")
      .selectAll()
      .where("region_id", "=", scope.regionId)
      .where("period_id", "=", input.periodId)
      .where("task_id", "=", input.taskId)
      .where("unit_id", "=", input.unitId)
      .where("consolidated", "=", input.consolidated)
      .executeTakeFirst();
    if (existing) {
      await ctx.audit(trx, { action: "report.open", objectId: existing.id, detail: { existing: true } });
      return { report: reportOf(existing), created: false };
    }
    await assertWritable({ db: trx, regionId: scope.regionId }, period, input.unitId);
    const row = await insertReport(ctx, trx, input);
    await ctx.audit(trx, { action: "report.open", objectId: row.id, after: reportOf(row) });
    return { report: reportOf(row), created: true };
  });
}

/** Inserts an empty draft (version 1) and its first version row. */
export async function insertReport(
  ctx: TrackContext,
  trx: Transaction<Database>,
  input: { periodId: string; taskId: string; unitId: string; consolidated: boolean },
): Promise<Selectable<ReportsTable>> {
  const scope = { regionId: ctx.actor.regionId };
  const now = ctx.clock.now();
  const row = await trx
    .insertInto("reports")
    .values({
      region_id: scope.regionId,
      id: randomUUID(),
      period_id: input.periodId,
      task_id: input.taskId,
      unit_id: input.unitId,
      consolidated: input.consolidated,
      version: 1,
      workflow: "draft",
      status: EMPTY.status,
      progress: EMPTY.progress,
      narrative: EMPTY.narrative,
      measures: EMPTY.measures,
      problems: EMPTY.problems,
      next_steps: EMPTY.nextSteps,
      reason: null,
      return_count: 0,
      review_comment: null,
      first_submitted_at: null,
      submitted_at: null,
      reviewed_at: null,
      created_at: now,
      updated_at: now,
      updated_by: ctx.actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeVersion(ctx, trx, row, "create", null, now);
  return row;
}

async function writeVersion(
  ctx: TrackContext,
  trx: Transaction<Database>,
  row: Selectable<ReportsTable>,
  action: string,
  comment: string | null,
  at: Date,
): Promise<void> {
  await trx
    .insertInto("report_versions")
    .values({
      region_id: row.region_id,
      report_id: row.id,
      version: row.version,
      action,
      workflow: row.workflow,
      content: JSON.stringify(contentOfRow(row)),
      comment,
      actor_id: ctx.actor.userId,
      actor_name: ctx.actor.username,
      at,
    })
    .execute();
}

/** What a state change sets besides the workflow. */
interface Change {
  content?: ReportContent;
  comment?: string | null;
}

/**
 * Applies `action` to the report at `version` (any version when null) inside `trx`: checks the
 * lock, the period, the version, the state machine and the content, then updates only if nobody
 * saved in between (else 409 with the report as stored). Writes the version row, not the audit row.
 */
export async function applyTransition(
  ctx: TrackContext,
  trx: Transaction<Database>,
  id: string,
  action: WorkflowAction | "import",
  version: number | null,
  change: Change,
): Promise<{ before: ReportRecord; after: ReportRecord }> {
  const regionId = ctx.actor.regionId;
  const tscope = { db: trx, regionId };
  const current = await loadReport(tscope, id);
  const before = current.report;
  const step: WorkflowAction = action === "import" ? "submit" : action;
  // Locks first: a stale save to a locked report or a closed period is refused as such (423).
  if (before.workflow === "locked") throw new TrackError("REPORT_LOCKED", "报告已锁定，不能再修改");
  if (step === "save" || step === "submit") await assertWritable(tscope, current.period, before.unitId);
  if (version !== null && version !== before.version)
    throw new TrackError("VERSION_CONFLICT", "报告已被他人修改，请在最新版本上重新编辑", before);
  const next = nextWorkflow(before.workflow, step);
  if (!next) throw new TrackError("INVALID_TRANSITION", `报告当前状态为“${before.workflow}”，不能执行此操作`);
  const content = change.content ?? before;
  const problems =
    step === "submit" ? submissionProblems(content) : step === "save" ? reportProblems(content) : [];
  if (problems.length > 0)
    throw new TrackError("REPORT_INVALID", `报告内容不完整：${problems.join("；")}`, undefined, problems);
  const now = ctx.clock.now();
  const row = await trx
    .updateTable("reports")
    .set({
      workflow: next,
      version: before.version + 1,
      status: content.status as ReportStatus,
      progress: content.progress,
      narrative: content.narrative,
      measures: content.measures,
      problems: content.problems,
      next_steps: content.nextSteps,
      reason: content.reason ?? null,
      updated_at: now,
      updated_by: ctx.actor.userId,
      ...(step === "submit"
        ? { submitted_at: now, first_submitted_at: before.firstSubmittedAt ?? now, review_comment: null }
        : {}),
      ...(step === "accept" || step === "return"
        ? { reviewed_at: now, review_comment: change.comment ?? null }
        : {}),
      ...(step === "return" ? { return_count: before.returnCount + 1 } : {}),
    })
    .where("region_id", "=", regionId)
    .where("id", "=", id)
    .where("version", "=", before.version)
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    const latest = await loadReport(tscope, id);
    throw new TrackError("VERSION_CONFLICT", "报告已被他人修改，请在最新版本上重新编辑", latest.report);
  }
  await writeVersion(ctx, trx, row, action, change.comment ?? null, now);
  return { before, after: reportOf(row) };
}

async function transition(
  ctx: TrackContext,
  id: string,
  action: WorkflowAction,
  version: number | null,
  change: Change,
): Promise<ReportRecord> {
  return ctx.transaction(async (trx) => {
    const { before, after } = await applyTransition(ctx, trx, id, action, version, change);
    await ctx.audit(trx, { objectId: id, before, after });
    return after;
  });
}

/** Saves a draft (a returned report becomes a draft again). */
export function saveReport(ctx: TrackContext, id: string, version: number, content: ReportContent) {
  return transition(ctx, id, "save", version, { content });
}

/** Submits a report for review. */
export function submitReport(ctx: TrackContext, id: string, version: number | null) {
  return transition(ctx, id, "submit", version, {});
}

/** The supervisor accepts a submitted report. */
export function acceptReport(ctx: TrackContext, id: string, comment: string | null) {
  return transition(ctx, id, "accept", null, { comment });
}

/** The supervisor returns a report with a comment saying what to fix. */
export function returnReport(ctx: TrackContext, id: string, comment: string) {
  if (!comment.trim()) throw new TrackError("REPORT_INVALID", "退回时须填写意见");
  return transition(ctx, id, "return", null, { comment });
}

/** A saved state of a report. */
export interface ReportVersion {
  version: number;
  action: string;
  workflow: string;
  content: unknown;
  comment: string | null;
  actorName: string;
  at: Date;
}

/** Every version of a report, oldest first. */
export async function reportHistory(scope: TrackScope, id: string): Promise<ReportVersion[]> {
  const rows = await scope.db
    .selectFrom("report_versions")
    .selectAll()
    .where("region_id", "=", scope.regionId)
    .where("report_id", "=", id)
    .orderBy("version")
    .execute();
  return rows.map((r) => ({
    version: r.version,
    action: r.action,
    workflow: r.workflow,
    content: r.content,
    comment: r.comment,
    actorName: r.actor_name,
    at: new Date(r.at),
  }));
}
