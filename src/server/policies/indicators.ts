import { allow, Policy, sameRegion } from "./policy.js";

/** An indicator as the policy sees it: its region. */
export interface IndicatorSubject {
  regionId: string;
}

/** What can be done with indicator values. */
export type IndicatorAction = "read" | "record" | "assign";

/**
 * Indicator values and responsibility: the 督查室 records observed values, assigns responsible
 * units and reads progress; leaders read. Departments neither read nor record them here: their
 * indicators reach them through their score.
 */
export const indicatorPolicy = new Policy<IndicatorAction, IndicatorSubject>(
  "indicator",
  ["read", "record", "assign"],
  [
    allow("supervisor", ["read", "record", "assign"], "indicator", sameRegion),
    allow("leader", ["read"], "indicator", sameRegion),
  ],
  "read",
);
