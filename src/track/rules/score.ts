/**
 * A unit's evaluation score: completion, on-time, returned and indicator rates combined with the
 * weights the supervisor sets, and a ranking of the units by score.
 */

/** Weights of the four measures (any non-negative numbers; they are normalised). */
export interface ScoreWeights {
  completion: number;
  onTime: number;
  /** Applied to (1 − returned rate): fewer returns score higher. */
  returned: number;
  indicators: number;
}

/** Weights used until the supervisor sets others. */
export const DEFAULT_WEIGHTS: ScoreWeights = { completion: 40, onTime: 30, returned: 15, indicators: 15 };

/** A unit's measures, each a share in [0, 1]; indicators null when the unit has none. */
export interface UnitMeasures {
  unitId: string;
  completionRate: number;
  onTimeRate: number;
  returnedRate: number;
  indicatorRate: number | null;
}

/** A unit's score (0–100, one decimal) and its rank. */
export interface RankedScore extends UnitMeasures {
  score: number;
  rank: number;
}

/** The score of one unit: 100 × Σ wᵢ·mᵢ ÷ Σ wᵢ; a unit without indicators is scored on the rest. */
export function unitScore(m: UnitMeasures, w: ScoreWeights): number {
  const parts: [number, number][] = [
    [w.completion, m.completionRate],
    [w.onTime, m.onTimeRate],
    [w.returned, 1 - m.returnedRate],
  ];
  if (m.indicatorRate !== null) parts.push([w.indicators, m.indicatorRate]);
  const total = parts.reduce((s, [weight]) => s + weight, 0);
  if (total === 0) return 0;
  const score = (100 * parts.reduce((s, [weight, value]) => s + weight * value, 0)) / total;
  return Math.round(score * 10) / 10;
}

/** Scores and ranks units, best first; equal scores share a rank (1, 2, 2, 4). */
export function rankUnits(units: readonly UnitMeasures[], w: ScoreWeights): RankedScore[] {
  const scored = units
    .map((m) => ({ ...m, score: unitScore(m, w), rank: 0 }))
    .sort((a, b) => b.score - a.score || a.unitId.localeCompare(b.unitId));
  scored.forEach((s, i) => {
    s.rank = i > 0 && scored[i - 1]!.score === s.score ? scored[i - 1]!.rank : i + 1;
  });
  return scored;
}
