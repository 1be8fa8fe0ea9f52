import type { PeriodRecord } from "../../track/periods.js";
import type { ReportRecord } from "../../track/reports.js";

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** A period as the API shows it. */
export function presentPeriod(p: PeriodRecord) {
  return { ...p, closedAt: iso(p.closedAt) };
}

/** A report as the API shows it. */
export function presentReport(r: ReportRecord) {
  return {
    ...r,
    firstSubmittedAt: iso(r.firstSubmittedAt),
    submittedAt: iso(r.submittedAt),
    reviewedAt: iso(r.reviewedAt),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}
