/**
 * Indicator observations per year (with source and note) and each indicator's progress class,
 * read from the stored baseline and target (IndicatorValue JSON from the parser).
 */
import { randomUUID } from "node:crypto";
import type { TrackContext, TrackScope } from "./context.js";
import { TrackError } from "./errors.js";
import {
  classifyIndicator,
  PROGRESS_LABELS,
  type IndicatorProgress,
  type IndicatorProgressInput,
  type TargetMode,
} from "./rules/progress.js";

/** A stored baseline or target value (the parser's IndicatorValue). */
interface StoredValue {
  raw?: string;
  value?: number;
  comparator?: string;
  qualitative?: string;
  marks?: string[];
  year?: number;
}

/** An observation as the services return it. */
export interface ObservationRecord {
  id: string;
  indicatorId: string;
  year: number;
  periodId: string | null;
  value: number | null;
  met: boolean | null;
  source: string;
  note: string | null;
  recordedAt: Date;
}

/** An indicator with its observations and progress. */
export interface IndicatorStatus {
  id: string;
  documentId: string;
  name: string;
  unit: string | null;
  attribute: string | null;
  baseline: string | null;
  target: string | null;
  targetYear: number | null;
  mode: TargetMode;
  observations: ObservationRecord[];
  progress: IndicatorProgress;
  label: string;
}

interface IndicatorRow {
  id: string;
  document_id: string;
  name: string;
  unit: string | null;
  attribute: string | null;
  baseline: unknown;
  target: unknown;
  target_year: number | null;
  year: number | null;
  marks: string[];
}

/** How to read the target: 达标-style words, 【】 sums, △ averages, or a level to reach. */
export function targetModeOf(target: StoredValue | null, marks: readonly string[]): TargetMode {
  if (target && target.value === undefined && target.qualitative) return "qualitative";
  if (marks.includes("cumulative")) return "cumulative";
  if (marks.includes("average")) return "average";
  return "level";
}

/** The classification input of a stored indicator and its observations. */
export function progressInputOf(
  row: IndicatorRow,
  observations: readonly ObservationRecord[],
): IndicatorProgressInput {
  const baseline = (row.baseline ?? null) as StoredValue | null;
  const target = (row.target ?? null) as StoredValue | null;
  const targetYear = target?.year ?? row.target_year ?? undefined;
  const baselineYear = baseline?.year ?? (targetYear !== undefined ? targetYear - 5 : undefined);
  return {
    mode: targetModeOf(target, row.marks),
    decreasing: target?.comparator === "<=" || target?.comparator === "<",
    binding: row.attribute === "binding",
    baseline:
      baseline?.value !== undefined && baselineYear !== undefined
        ? { year: baselineYear, value: baseline.value }
        : undefined,
    target: target?.value,
    targetYear,
    startYear: baselineYear !== undefined ? baselineYear + 1 : undefined,
    observations: observations.map((o) => ({
      year: o.year,
      value: o.value ?? undefined,
      met: o.met ?? undefined,
    })),
  };
}

function observationOf(r: {
  id: string;
  indicator_id: string;
  year: number;
  period_id: string | null;
  value: number | null;
  met: boolean | null;
  source: string;
  note: string | null;
  recorded_at: Date;
}): ObservationRecord {
  return {
    id: r.id,
    indicatorId: r.indicator_id,
    year: r.year,
    periodId: r.period_id,
    value: r.value,
    met: r.met,
    source: r.source,
    note: r.note,
    recordedAt: r.recorded_at,
  };
}

/**
 * The indicators of a document (or one indicator) with their observations and progress; with
 * `throughYear`, as they stood then (later observations left out).
 */
export async function indicatorStatuses(
  scope: TrackScope,
  filter: { documentId?: string; indicatorId?: string; throughYear?: number },
): Promise<IndicatorStatus[]> {
  let query = scope.db
    .selectFrom("indicators")
    .select([
      "id",
      "document_id",
      "name",
      "unit",
      "attribute",
      "baseline",
      "target",
      "target_year",
      "year",
      "marks",
    ])
    .where("region_id", "=", scope.regionId)
    .where("status", "=", "active");
  if (filter.documentId) query = query.where("document_id", "=", filter.documentId);
  if (filter.indicatorId) query = query.where("id", "=", filter.indicatorId);
  const rows = (await query.orderBy("document_id").orderBy("seq").execute()) as IndicatorRow[];
  if (rows.length === 0) return [];
  const observed = await scope.db
    .selectFrom("observations")
    .selectAll()
    .where("region_id", "=", scope.regionId)
    .where(
      "indicator_id",
      "in",
      rows.map((r) => r.id),
    )
    .$if(filter.throughYear !== undefined, (q) => q.where("year", "<=", filter.throughYear!))
    .orderBy("year")
    .execute();
  const byIndicator = new Map<string, ObservationRecord[]>();
  for (const o of observed) {
    const list = byIndicator.get(o.indicator_id) ?? [];
    list.push(observationOf(o));
    byIndicator.set(o.indicator_id, list);
  }
  return rows.map((row) => {
    const observations = byIndicator.get(row.id) ?? [];
    const input = progressInputOf(row, observations);
    const progress = classifyIndicator(input);
    return {
      id: row.id,
      documentId: row.document_id,
      name: row.name,
      unit: row.unit,
      attribute: row.attribute,
      baseline: ((row.baseline ?? null) as StoredValue | null)?.raw ?? null,
      target: ((row.target ?? null) as StoredValue | null)?.raw ?? null,
      targetYear: input.targetYear ?? null,
      mode: input.mode,
      observations,
      progress,
      label: PROGRESS_LABELS[progress.status],
    };
  });
}

/** What an observation records. */
export interface ObservationInput {
  year: number;
  value?: number | null | undefined;
  met?: boolean | null | undefined;
  source: string;
  note?: string | null | undefined;
  periodId?: string | null | undefined;
}

/** Records (or corrects) an indicator's value for a year. */
export async function recordObservation(
  ctx: TrackContext,
  indicatorId: string,
  input: ObservationInput,
): Promise<ObservationRecord> {
  if ((input.value ?? null) === null && (input.met ?? null) === null)
    throw new TrackError("REPORT_INVALID", "须填写数值或是否达标");
  return ctx.transaction(async (trx) => {
    const indicator = await trx
      .selectFrom("indicators")
      .select("id")
      .where("region_id", "=", ctx.actor.regionId)
      .where("id", "=", indicatorId)
      .executeTakeFirst();
    if (!indicator) throw new TrackError("NOT_FOUND", "未找到指标");
    const values = {
      period_id: input.periodId ?? null,
      value: input.value ?? null,
      met: input.met ?? null,
      source: input.source,
      note: input.note ?? null,
      recorded_by: ctx.actor.userId,
      recorded_at: ctx.clock.now(),
    };
    const row = await trx
      .insertInto("observations")
      .values({
        region_id: ctx.actor.regionId,
        id: randomUUID(),
        indicator_id: indicatorId,
        year: input.year,
        ...values,
      })
      .onConflict((oc) => oc.columns(["region_id", "indicator_id", "year"]).doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    const record = observationOf(row);
    await ctx.audit(trx, { objectId: indicatorId, after: record });
    return record;
  });
}
