/**
 * Reporting rates with DHIS2's definitions: expected reports, actual (submitted) reports, reports
 * submitted on time, the reporting rate (actual ÷ expected) and the on-time rate (on time ÷ expected).
 */

/** The counts of one unit (or of all units) in one period. */
export interface RateCounts {
  expected: number;
  submitted: number;
  onTime: number;
}

/** Counts with the two rates in percent (null when nothing was expected). */
export interface ReportingRates extends RateCounts {
  rate: number | null;
  onTimeRate: number | null;
}

/** Adds the rates to the counts, rounded to one decimal place. */
export function reportingRates(counts: RateCounts): ReportingRates {
  const pct = (n: number) => (counts.expected === 0 ? null : Math.round((n / counts.expected) * 1000) / 10);
  return { ...counts, rate: pct(counts.submitted), onTimeRate: pct(counts.onTime) };
}

/** The sum of several units' counts. */
export function sumCounts(rows: readonly RateCounts[]): RateCounts {
  return rows.reduce(
    (s, r) => ({
      expected: s.expected + r.expected,
      submitted: s.submitted + r.submitted,
      onTime: s.onTime + r.onTime,
    }),
    { expected: 0, submitted: 0, onTime: 0 },
  );
}
