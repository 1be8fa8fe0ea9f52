import type { Actor } from "../context.js";
import { allow, Policy, sameRegion } from "./policy.js";

/** A report as the policy sees it: its region, its unit and the units that lead its task. */
export interface ReportSubject {
  regionId: string;
  unitId: string;
  leadUnitIds: readonly string[];
}

/** What can be done to reports. */
export type ReportAction = "list" | "read" | "write" | "review";

const ownReport = (actor: Actor, report: ReportSubject) =>
  sameRegion(actor, report) && actor.unitId !== null && report.unitId === actor.unitId;

const ownOrLed = (actor: Actor, report: ReportSubject) =>
  ownReport(actor, report) || (sameRegion(actor, report) && report.leadUnitIds.includes(actor.unitId ?? ""));

/**
 * Reports: a department writes (opens, saves, submits, attaches evidence to) its own reports and
 * reads those of its co-units on tasks it leads; the 督查室 reads and reviews (accepts, returns)
 * the region's; leaders read the region's.
 */
export const reportPolicy = new Policy<ReportAction, ReportSubject>(
  "report",
  ["list", "read", "write", "review"],
  [
    allow("supervisor", ["list", "read", "review"], "report", sameRegion),
    allow("leader", ["list", "read"], "report", sameRegion),
    allow("reporter", ["list", "read"], "report", ownOrLed),
    allow("reporter", ["write"], "report", ownReport),
  ],
  "read",
);
