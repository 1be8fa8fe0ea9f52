/**
 * Indicator progress, classified the way Open SDG does it: the ratio of the observed compound
 * annual growth rate (baseline → latest observation) to the growth rate required to reach the
 * target in the target year. See docs/tracking.md for the formula and the stricter binding rule.
 */

/** The class of an indicator's progress. */
export type ProgressClass =
  "on_track" | "needs_acceleration" | "limited_progress" | "deteriorating" | "met" | "not_met" | "no_data";

/** Chinese labels of the classes, as reports and sheets show them. */
export const PROGRESS_LABELS: Readonly<Record<ProgressClass, string>> = {
  on_track: "进展顺利",
  needs_acceleration: "需加快进度",
  limited_progress: "进展有限",
  deteriorating: "出现倒退",
  met: "达标",
  not_met: "未达标",
  no_data: "暂无数据",
};

/** How a target is to be read. */
export type TargetMode = "level" | "cumulative" | "average" | "qualitative";

/** One observed value: numeric, or for qualitative targets whether the target was met. */
export interface Observation {
  year: number;
  value?: number | undefined;
  met?: boolean | undefined;
}

/** What the classification needs to know about an indicator. */
export interface IndicatorProgressInput {
  mode: TargetMode;
  /** `<=` and `<` targets are decreasing: lower is better. */
  decreasing: boolean;
  /** 约束性: held to the stricter rule. */
  binding: boolean;
  baseline?: { year: number; value: number } | undefined;
  target?: number | undefined;
  targetYear?: number | undefined;
  /** First year of the plan period (cumulative and average targets count from here). */
  startYear?: number | undefined;
  observations: readonly Observation[];
}

/** The classification with the figures behind it. */
export interface IndicatorProgress {
  status: ProgressClass;
  /** Observed over required progress (1 = exactly on the path), when it could be computed. */
  ratio: number | null;
  /** The binding flag copied through, so views can mark these rows. */
  binding: boolean;
  /** Threshold that `on_track` needed (0.95, or 1 for binding indicators). */
  onTrackThreshold: number;
}

/** Classes a ratio: ≥ threshold on track, ≥ 0.6 needs acceleration, ≥ 0 limited, < 0 deteriorating. */
export function classifyRatio(ratio: number, binding: boolean): ProgressClass {
  const onTrack = binding ? 1 : 0.95;
  if (ratio >= onTrack) return "on_track";
  if (ratio >= 0.6) return "needs_acceleration";
  if (ratio >= 0) return "limited_progress";
  return "deteriorating";
}

/**
 * The ratio of observed to required growth for a level target. Compound growth when baseline and
 * values are positive; linear (absolute change per year) otherwise, where a CAGR is undefined.
 */
export function levelRatio(
  baseline: { year: number; value: number },
  latest: { year: number; value: number },
  target: number,
  targetYear: number,
): number | null {
  const observedYears = latest.year - baseline.year;
  const requiredYears = targetYear - baseline.year;
  if (observedYears <= 0 || requiredYears <= 0) return null;
  if (target === baseline.value) return latest.value === baseline.value ? 1 : null;
  if (baseline.value > 0 && latest.value > 0 && target > 0) {
    const observed = Math.pow(latest.value / baseline.value, 1 / observedYears) - 1;
    const required = Math.pow(target / baseline.value, 1 / requiredYears) - 1;
    return observed / required;
  }
  const observed = (latest.value - baseline.value) / observedYears;
  const required = (target - baseline.value) / requiredYears;
  return observed / required;
}

/** Classifies an indicator's progress from its target and its observations. */
export function classifyIndicator(input: IndicatorProgressInput): IndicatorProgress {
  const onTrackThreshold = input.binding ? 1 : 0.95;
  const result = (status: ProgressClass, ratio: number | null = null): IndicatorProgress => ({
    status,
    ratio,
    binding: input.binding,
    onTrackThreshold,
  });
  const observed = [...input.observations].sort((a, b) => a.year - b.year);
  if (input.mode === "qualitative") {
    const latest = observed.filter((o) => o.met !== undefined).at(-1);
    if (!latest) return result("no_data");
    return result(latest.met ? "met" : "not_met");
  }
  const numeric = observed.filter((o): o is { year: number; value: number } => typeof o.value === "number");
  if (numeric.length === 0 || input.target === undefined) return result("no_data");
  const target = input.target;
  if (input.mode === "cumulative") {
    // 【】: the target is a sum over the plan period; compare the sum so far with the pro-rata share.
    const start = input.startYear ?? numeric[0]!.year;
    const end = input.targetYear ?? start + 4;
    const sum = numeric.filter((o) => o.year >= start && o.year <= end).reduce((s, o) => s + o.value, 0);
    const elapsed = Math.min(numeric.at(-1)!.year, end) - start + 1;
    if (elapsed <= 0) return result("no_data");
    const required = (target * elapsed) / (end - start + 1);
    const ratio = input.decreasing ? (sum === 0 ? Infinity : required / sum) : sum / required;
    return result(classifyRatio(ratio, input.binding), finite(ratio));
  }
  if (input.mode === "average") {
    // △: the target is the average of the yearly values over the plan period.
    const start = input.startYear ?? numeric[0]!.year;
    const values = numeric.filter((o) => o.year >= start).map((o) => o.value);
    if (values.length === 0) return result("no_data");
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const ratio = input.decreasing
      ? mean === 0
        ? Infinity
        : target / mean
      : target === 0
        ? 1
        : mean / target;
    return result(classifyRatio(ratio, input.binding), finite(ratio));
  }
  const latest = numeric.at(-1)!;
  // A target already reached counts as on track whatever the path.
  if (input.decreasing ? latest.value <= target : latest.value >= target) return result("on_track", null);
  if (!input.baseline || input.targetYear === undefined) return result("no_data");
  const ratio = levelRatio(input.baseline, latest, target, input.targetYear);
  if (ratio === null) return result("no_data");
  return result(classifyRatio(ratio, input.binding), ratio);
}

function finite(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}
