/**
 * Evaluation of units in a period: scores from the reporting measures with the supervisor's
 * weights, a ranking, and the scored checklist (测评指标) with self-evaluation and verification.
 */
import { randomUUID } from "node:crypto";
import type { TrackContext, TrackScope } from "./context.js";
import { TrackError } from "./errors.js";
import { getPeriod, type PeriodRecord } from "./periods.js";
import { DEFAULT_WEIGHTS, rankUnits, type RankedScore, type ScoreWeights } from "./rules/score.js";
import { periodRates } from "./supervision.js";
import { listEvaluationFiles, type EvaluationFileRecord } from "./evaluation-files.js";
import { documentIndicatorUnits } from "./indicator-units.js";
import { indicatorStatuses } from "./indicators.js";
import type { ProgressClass } from "./rules/progress.js";

/** The weights of a period: the supervisor's, or the defaults. */
export async function periodWeights(scope: TrackScope, periodId: string): Promise<ScoreWeights> {
  const row = await scope.db
    .selectFrom("periods")
    .select("weights")
    .where("region_id", "=", scope.regionId)
    .where("id", "=", periodId)
    .executeTakeFirst();
  if (!row) throw new TrackError("NOT_FOUND", "未找到报送周期");
  return (row.weights as ScoreWeights | null) ?? DEFAULT_WEIGHTS;
}

/** Sets a period's evaluation weights. */
export async function setWeights(
  ctx: TrackContext,
  periodId: string,
  weights: ScoreWeights,
): Promise<ScoreWeights> {
  return ctx.transaction(async (trx) => {
    const before = await periodWeights({ db: trx, regionId: ctx.actor.regionId }, periodId);
    await trx
      .updateTable("periods")
      .set({ weights: JSON.stringify(weights) })
      .where("region_id", "=", ctx.actor.regionId)
      .where("id", "=", periodId)
      .execute();
    await ctx.audit(trx, { objectId: periodId, before, after: weights });
    return weights;
  });
}

/** A unit's indicators in a period: responsible for, with a progress class, on track. */
export interface UnitIndicatorCounts {
  responsible: number;
  classified: number;
  onTrack: number;
}

/** A ranked unit with its name and the indicator counts behind its indicator rate. */
export interface UnitScore extends RankedScore {
  unitName: string;
  indicators: UnitIndicatorCounts;
}

/** Classes that count as on track: 进展顺利 for a level, cumulative or average target; 达标 for a qualitative one. */
const ON_TRACK: ReadonlySet<ProgressClass> = new Set(["on_track", "met"]);

/**
 * Per unit, its indicators of the period's document classified with the observations up to the
 * period's year: how many it answers for, how many have a class (not 暂无数据), how many are on track.
 */
export async function unitIndicatorCounts(
  scope: TrackScope,
  period: PeriodRecord,
): Promise<Map<string, UnitIndicatorCounts>> {
  const responsible = await documentIndicatorUnits(scope, period.documentId);
  const counts = new Map<string, UnitIndicatorCounts>();
  if (responsible.size === 0) return counts;
  const statuses = await indicatorStatuses(scope, {
    documentId: period.documentId,
    throughYear: Number(period.end.slice(0, 4)),
  });
  for (const status of statuses) {
    for (const unitId of responsible.get(status.id) ?? []) {
      const c = counts.get(unitId) ?? { responsible: 0, classified: 0, onTrack: 0 };
      c.responsible++;
      if (status.progress.status !== "no_data") c.classified++;
      if (ON_TRACK.has(status.progress.status)) c.onTrack++;
      counts.set(unitId, c);
    }
  }
  return counts;
}

/**
 * Scores and ranks the units of a period. Measures are shares of the unit's expected reports:
 * completed (accepted 已完成), submitted on time, returned at least once; and the share of the
 * unit's indicators with a class that are on track. A unit with no classified indicator is scored
 * on the other three, its indicator weight dropping out (docs/tracking.md).
 */
export async function periodScores(
  scope: TrackScope,
  period: PeriodRecord,
): Promise<{ weights: ScoreWeights; units: UnitScore[] }> {
  const weights = await periodWeights(scope, period.id);
  const { units } = await periodRates(scope, period);
  const names = new Map(units.map((u) => [u.unitId, u.unitName]));
  const indicators = await unitIndicatorCounts(scope, period);
  const none: UnitIndicatorCounts = { responsible: 0, classified: 0, onTrack: 0 };
  const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
  const ranked = rankUnits(
    units.map((u) => {
      const ind = indicators.get(u.unitId) ?? none;
      return {
        unitId: u.unitId,
        completionRate: share(u.completed, u.expected),
        onTimeRate: share(u.onTime, u.expected),
        returnedRate: share(u.returned, u.expected),
        indicatorRate: ind.classified === 0 ? null : ind.onTrack / ind.classified,
      };
    }),
    weights,
  );
  return {
    weights,
    units: ranked.map((r) => ({
      ...r,
      unitName: names.get(r.unitId) ?? "",
      indicators: indicators.get(r.unitId) ?? none,
    })),
  };
}

/** A checklist item with the self-evaluations made against it. */
export interface ChecklistItem {
  id: string;
  periodId: string;
  seq: number;
  item: string;
  points: number;
  evidenceRequired: boolean;
  evaluations: SelfEvaluation[];
  /** Evidence files uploaded for the item (the unit's own when the list is for one unit). */
  files: EvaluationFileRecord[];
}

/** A unit's self-evaluation of one item and its verification. */
export interface SelfEvaluation {
  id: string;
  itemId: string;
  unitId: string;
  claimedPoints: number;
  note: string;
  evidence: string | null;
  verifiedPoints: number | null;
  verifyComment: string | null;
  verifiedAt: Date | null;
}

/** Adds an item to a period's checklist. */
export async function addChecklistItem(
  ctx: TrackContext,
  periodId: string,
  input: { item: string; points: number; evidenceRequired: boolean },
): Promise<ChecklistItem> {
  return ctx.transaction(async (trx) => {
    await getPeriod({ db: trx, regionId: ctx.actor.regionId }, periodId);
    const last = await trx
      .selectFrom("checklist_items")
      .select((eb) => eb.fn.max("seq").as("seq"))
      .where("region_id", "=", ctx.actor.regionId)
      .where("period_id", "=", periodId)
      .executeTakeFirst();
    const row = await trx
      .insertInto("checklist_items")
      .values({
        region_id: ctx.actor.regionId,
        id: randomUUID(),
        period_id: periodId,
        seq: Number(last?.seq ?? 0) + 1,
        item: input.item,
        points: input.points,
        evidence_required: input.evidenceRequired,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await ctx.audit(trx, { objectId: row.id, after: input });
    return { ...itemOf(row), evaluations: [], files: [] };
  });
}

function itemOf(r: {
  id: string;
  period_id: string;
  seq: number;
  item: string;
  points: number;
  evidence_required: boolean;
}) {
  return {
    id: r.id,
    periodId: r.period_id,
    seq: r.seq,
    item: r.item,
    points: Number(r.points),
    evidenceRequired: r.evidence_required,
  };
}

function evaluationOf(r: {
  id: string;
  item_id: string;
  unit_id: string;
  claimed_points: number;
  note: string;
  evidence: string | null;
  verified_points: number | null;
  verify_comment: string | null;
  verified_at: Date | null;
}): SelfEvaluation {
  return {
    id: r.id,
    itemId: r.item_id,
    unitId: r.unit_id,
    claimedPoints: Number(r.claimed_points),
    note: r.note,
    evidence: r.evidence,
    verifiedPoints: r.verified_points === null ? null : Number(r.verified_points),
    verifyComment: r.verify_comment,
    verifiedAt: r.verified_at,
  };
}

/** The checklist of a period with self-evaluations (of one unit when given). */
export async function listChecklist(
  scope: TrackScope,
  periodId: string,
  unitId?: string | null,
): Promise<ChecklistItem[]> {
  const items = await scope.db
    .selectFrom("checklist_items")
    .selectAll()
    .where("region_id", "=", scope.regionId)
    .where("period_id", "=", periodId)
    .orderBy("seq")
    .execute();
  if (items.length === 0) return [];
  let query = scope.db
    .selectFrom("self_evaluations")
    .selectAll()
    .where("region_id", "=", scope.regionId)
    .where(
      "item_id",
      "in",
      items.map((i) => i.id),
    );
  if (unitId) query = query.where("unit_id", "=", unitId);
  const evaluations = (await query.execute()).map(evaluationOf);
  const files = await listEvaluationFiles(
    scope,
    items.map((i) => i.id),
    unitId,
  );
  return items.map((i) => ({
    ...itemOf(i),
    evaluations: evaluations.filter((e) => e.itemId === i.id),
    files: files.filter((f) => f.itemId === i.id),
  }));
}

/** One checklist item (for authorization), or NOT_FOUND. */
export async function getChecklistItem(scope: TrackScope, id: string) {
  const row = await scope.db
    .selectFrom("checklist_items")
    .selectAll()
    .where("region_id", "=", scope.regionId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new TrackError("NOT_FOUND", "未找到测评指标");
  return itemOf(row);
}

/** A unit scores itself on an item: at most the item's points, with evidence (a note or an uploaded file) when required. */
export async function selfEvaluate(
  ctx: TrackContext,
  itemId: string,
  unitId: string,
  input: { points: number; note: string; evidence?: string | null | undefined },
): Promise<SelfEvaluation> {
  const item = await getChecklistItem({ db: ctx.db, regionId: ctx.actor.regionId }, itemId);
  if (input.points < 0 || input.points > item.points)
    throw new TrackError("REPORT_INVALID", `自评分须在 0 到 ${item.points} 之间`);
  if (
    item.evidenceRequired &&
    !input.evidence?.trim() &&
    (await listEvaluationFiles({ db: ctx.db, regionId: ctx.actor.regionId }, [itemId], unitId)).length === 0
  )
    throw new TrackError("REPORT_INVALID", "该测评指标要求提供佐证材料（上传文件或填写说明）");
  return ctx.transaction(async (trx) => {
    const values = {
      claimed_points: input.points,
      note: input.note,
      evidence: input.evidence ?? null,
      verified_points: null,
      verify_comment: null,
      verified_by: null,
      verified_at: null,
      updated_at: ctx.clock.now(),
    };
    const row = await trx
      .insertInto("self_evaluations")
      .values({
        region_id: ctx.actor.regionId,
        id: randomUUID(),
        item_id: itemId,
        unit_id: unitId,
        ...values,
      })
      .onConflict((oc) => oc.columns(["region_id", "item_id", "unit_id"]).doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    await ctx.audit(trx, { objectId: row.id, after: evaluationOf(row) });
    return evaluationOf(row);
  });
}

/** One self-evaluation (for authorization), or NOT_FOUND. */
export async function getSelfEvaluation(
  scope: TrackScope,
  id: string,
): Promise<SelfEvaluation & { points: number }> {
  const row = await scope.db
    .selectFrom("self_evaluations as s")
    .innerJoin("checklist_items as c", (j) =>
      j.onRef("c.region_id", "=", "s.region_id").onRef("c.id", "=", "s.item_id"),
    )
    .selectAll("s")
    .select("c.points")
    .where("s.region_id", "=", scope.regionId)
    .where("s.id", "=", id)
    .executeTakeFirst();
  if (!row) throw new TrackError("NOT_FOUND", "未找到自评记录");
  return { ...evaluationOf(row), points: Number(row.points) };
}

/** The supervisor verifies a self-evaluation and sets the points that count. */
export async function verifySelfEvaluation(
  ctx: TrackContext,
  id: string,
  input: { points: number; comment: string | null },
): Promise<SelfEvaluation> {
  return ctx.transaction(async (trx) => {
    const before = await getSelfEvaluation({ db: trx, regionId: ctx.actor.regionId }, id);
    if (input.points < 0 || input.points > before.points)
      throw new TrackError("REPORT_INVALID", `核定分须在 0 到 ${before.points} 之间`);
    const row = await trx
      .updateTable("self_evaluations")
      .set({
        verified_points: input.points,
        verify_comment: input.comment,
        verified_by: ctx.actor.userId,
        verified_at: ctx.clock.now(),
      })
      .where("region_id", "=", ctx.actor.regionId)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await ctx.audit(trx, { objectId: id, before, after: evaluationOf(row) });
    return evaluationOf(row);
  });
}
