/**
 * The target path of an indicator for its chart: a straight line from the baseline to the target
 * (the level rule; the server's progress class for cumulative and average targets uses its own
 * arithmetic). A baseline without a year counts from five years before the target year, as the
 * server does. Pure.
 */

/** A stored baseline or target value (the parser's IndicatorValue), as far as the chart reads it. */
export interface StoredValue {
  value?: number;
  year?: number;
  raw?: string;
}

/** One point of a series. */
export type Point = [year: number, value: number];

/** The path, or null when the baseline or target carries no number. */
export function targetPath(
  baseline: StoredValue | null | undefined,
  target: StoredValue | null | undefined,
  targetYear: number | null,
): Point[] | null {
  const endYear = target?.year ?? targetYear;
  if (
    baseline?.value === undefined ||
    target?.value === undefined ||
    endYear === null ||
    endYear === undefined
  ) {
    return null;
  }
  const startYear = baseline.year ?? endYear - 5;
  if (startYear >= endYear) return null;
  const step = (target.value - baseline.value) / (endYear - startYear);
  const points: Point[] = [];
  for (let year = startYear; year <= endYear; year++) {
    points.push([year, Math.round((baseline.value + step * (year - startYear)) * 1000) / 1000]);
  }
  return points;
}
