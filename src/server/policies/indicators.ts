import { allow, Policy, sameRegion } from "./policy.js";

/** An indicator as the policy sees it: its region. */
export interface IndicatorSubject {
  regionId: string;
}

/** What can be done with indicator values. */
export type IndicatorAction = "read" | "record";

/**
 * Indicator values: the 督查室 records observed values and reads progress; leaders read. Indicators
 * have no responsible unit in the ledger, so departments neither read nor record them here.
 */
export const indicatorPolicy = new Policy<IndicatorAction, IndicatorSubject>(
  "indicator",
  ["read", "record"],
  [
    allow("supervisor", ["read", "record"], "indicator", sameRegion),
    allow("leader", ["read"], "indicator", sameRegion),
  ],
  "read",
);
