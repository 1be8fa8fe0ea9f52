/**
 * The reporting cycle behind the API: authorizes with the policy tables, scopes what a department
 * sees, and calls the track services, turning their failures into API errors.
 */
import type { RequestContext } from "../context.js";
import { ApiError, notFound } from "../errors.js";
import { evaluationPolicy } from "../policies/evaluations.js";
import { indicatorPolicy } from "../policies/indicators.js";
import { periodPolicy, type PeriodAction, type PeriodSubject } from "../policies/periods.js";
import { reportPolicy, type ReportAction, type ReportSubject } from "../policies/reports.js";
import { isTrackError } from "../../track/errors.js";
import { getPeriod, unitInDocument, type PeriodRecord } from "../../track/periods.js";
import { loadReport, type ReportWithTask } from "../../track/reports.js";
import { getChecklistItem, getSelfEvaluation } from "../../track/evaluation.js";
import { readEvaluationFile } from "../../track/evaluation-files.js";

/** Runs a track service; its failures become the API's errors (404, 409 with the current version, 423, 400). */
export async function tracked<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isTrackError(error)) throw error;
    switch (error.code) {
      case "NOT_FOUND":
      case "NOT_ASSIGNED":
        throw new ApiError(404, "NOT_FOUND", error.message);
      case "VERSION_CONFLICT":
        throw new ApiError(409, "VERSION_CONFLICT", error.message, { current: error.current });
      case "INVALID_TRANSITION":
        throw new ApiError(409, "INVALID_TRANSITION", error.message);
      case "PERIOD_CLOSED":
        throw new ApiError(423, "PERIOD_CLOSED", error.message);
      case "REPORT_LOCKED":
        throw new ApiError(423, "REPORT_LOCKED", error.message);
      case "REPORT_INVALID":
        throw new ApiError(
          400,
          "REPORT_INVALID",
          error.message,
          error.problems ? { details: error.problems } : {},
        );
    }
  }
}

/** The store and region of the actor, for track reads. */
export function scopeOf(ctx: RequestContext) {
  return { db: ctx.db, regionId: ctx.actor.regionId };
}

/** The policy's view of a period: the actor's unit counts when it has a task in the document. */
export async function periodSubject(ctx: RequestContext, period: PeriodRecord): Promise<PeriodSubject> {
  const unit = ctx.actor.unitId;
  const involved = unit !== null && (await unitInDocument(scopeOf(ctx), period.documentId, unit));
  return { regionId: ctx.actor.regionId, unitIds: involved ? [unit] : [] };
}

/** A period the actor may `action`, or 403/404. */
export async function authorizedPeriod(
  ctx: RequestContext,
  id: string,
  action: PeriodAction,
): Promise<PeriodRecord> {
  periodPolicy.authorize(ctx.actor, action);
  const period = await tracked(() => getPeriod(scopeOf(ctx), id));
  periodPolicy.authorize(ctx.actor, action, await periodSubject(ctx, period));
  return period;
}

/** A document of the actor's region that the supervisor may open periods for, or 403/404. */
export async function authorizedDocument(
  ctx: RequestContext,
  id: string,
  action: PeriodAction,
): Promise<void> {
  periodPolicy.authorize(ctx.actor, action);
  const doc = await ctx.db
    .selectFrom("documents")
    .select("id")
    .where("region_id", "=", ctx.actor.regionId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!doc) throw notFound();
  const unit = ctx.actor.unitId;
  const involved = unit !== null && (await unitInDocument(scopeOf(ctx), id, unit));
  periodPolicy.authorize(ctx.actor, action, {
    regionId: ctx.actor.regionId,
    unitIds: involved ? [unit] : [],
  });
}

/** The policy's view of a loaded report. */
export function reportSubject(regionId: string, loaded: ReportWithTask): ReportSubject {
  return {
    regionId,
    unitId: loaded.report.unitId,
    leadUnitIds: loaded.taskUnits.filter((u) => u.role === "lead").map((u) => u.unitId),
  };
}

/** A report the actor may `action`, or 403/404. */
export async function authorizedReport(
  ctx: RequestContext,
  id: string,
  action: ReportAction,
): Promise<ReportWithTask> {
  reportPolicy.authorize(ctx.actor, action);
  const loaded = await tracked(() => loadReport(scopeOf(ctx), id));
  reportPolicy.authorize(ctx.actor, action, reportSubject(ctx.actor.regionId, loaded));
  return loaded;
}

/** An indicator of the actor's region the actor may `action`, or 403/404. */
export async function authorizedIndicator(
  ctx: RequestContext,
  id: string,
  action: "read" | "record" | "assign",
): Promise<void> {
  indicatorPolicy.authorize(ctx.actor, action);
  const row = await ctx.db
    .selectFrom("indicators")
    .select("id")
    .where("region_id", "=", ctx.actor.regionId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw notFound();
  indicatorPolicy.authorize(ctx.actor, action, { regionId: ctx.actor.regionId });
}

/** A checklist item the actor may self-evaluate, attach files to, or read (with its period), or 403/404. */
export async function authorizedChecklistItem(
  ctx: RequestContext,
  id: string,
  action: "read" | "selfEvaluate" | "attach",
) {
  evaluationPolicy.authorize(ctx.actor, action);
  const item = await tracked(() => getChecklistItem(scopeOf(ctx), id));
  const period = await tracked(() => getPeriod(scopeOf(ctx), item.periodId));
  evaluationPolicy.authorize(ctx.actor, action, await periodSubject(ctx, period));
  return Object.assign(item, { period });
}

/** An evaluation evidence file the actor may download (a department: its own unit's), or 403/404. */
export async function authorizedEvaluationFile(ctx: RequestContext, id: string) {
  evaluationPolicy.authorize(ctx.actor, "read");
  const file = await tracked(() => readEvaluationFile(scopeOf(ctx), id));
  evaluationPolicy.authorize(ctx.actor, "read", { regionId: ctx.actor.regionId, unitIds: [file.unitId] });
  return file;
}

/** A self-evaluation the supervisor may verify, or 403/404. */
export async function authorizedSelfEvaluation(ctx: RequestContext, id: string) {
  evaluationPolicy.authorize(ctx.actor, "verify");
  const evaluation = await tracked(() => getSelfEvaluation(scopeOf(ctx), id));
  evaluationPolicy.authorize(ctx.actor, "verify", {
    regionId: ctx.actor.regionId,
    unitIds: [evaluation.unitId],
  });
  return evaluation;
}

/** The unit a department reporter is confined to; null for region-wide roles. */
export function ownUnitOf(ctx: RequestContext): string | null {
  return ctx.actor.role === "reporter" ? (ctx.actor.unitId ?? "00000000-0000-0000-0000-000000000000") : null;
}
