import type { Actor } from "../context.js";
import { allow, Policy, sameRegion } from "./policy.js";

/** A period as the policy sees it: its region and whether the actor's unit has a task in its document. */
export interface PeriodSubject {
  regionId: string;
  /** Units with a task in the period's document. */
  unitIds: readonly string[];
}

/** What can be done with periods and the supervision views over them. */
export type PeriodAction =
  | "list"
  | "read"
  | "open"
  | "update"
  | "close"
  | "grantException"
  /** The period's exceptions (a department: its own unit's). */
  | "listExceptions"
  | "revokeException"
  | "remind"
  | "supervise"
  | "setWeights"
  | "manageChecklist"
  | "export"
  | "import"
  /** Reporting rates across every period of the region (a department: its own unit's). */
  | "regionRates";

const involved = (actor: Actor, period: PeriodSubject) =>
  sameRegion(actor, period) && actor.unitId !== null && period.unitIds.includes(actor.unitId);

/**
 * Periods: the 督查室 opens, edits, closes them, grants, lists and revokes exceptions, sends reminders, sets weights
 * and the checklist, and sees every supervision view of its region; leaders see the views
 * read-only (exceptions included); a department sees the periods of documents where it has a task
 * (its own expected reports, checklist and exceptions) and its own reporting rates across the region's periods. Administrators
 * see none of the business data.
 */
export const periodPolicy = new Policy<PeriodAction, PeriodSubject>(
  "period",
  [
    "list",
    "read",
    "open",
    "update",
    "close",
    "grantException",
    "listExceptions",
    "revokeException",
    "remind",
    "supervise",
    "setWeights",
    "manageChecklist",
    "export",
    "import",
    "regionRates",
  ],
  [
    allow(
      "supervisor",
      [
        "list",
        "read",
        "open",
        "update",
        "close",
        "grantException",
        "listExceptions",
        "revokeException",
        "remind",
        "supervise",
        "setWeights",
        "manageChecklist",
        "export",
        "import",
        "regionRates",
      ],
      "period",
      sameRegion,
    ),
    allow(
      "leader",
      ["list", "read", "listExceptions", "supervise", "export", "regionRates"],
      "period",
      sameRegion,
    ),
    // The service confines a department's exceptions to its own unit.
    allow("reporter", ["list", "read", "listExceptions"], "period", involved),
    // The service confines a department's region-wide rates to its own unit.
    allow("reporter", ["regionRates"], "period", sameRegion),
  ],
  "read",
);
