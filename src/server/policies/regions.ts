import { allow, Policy, ROLES, sameRegion } from "./policy.js";

/** A region (the tenant). */
export interface RegionSubject {
  regionId: string;
}

/** What can be done to regions. */
export type RegionAction = "list" | "read" | "update";

/** Regions: everyone sees their own; the system administrator names it. */
export const regionPolicy = new Policy<RegionAction, RegionSubject>(
  "region",
  ["list", "read", "update"],
  [
    allow(ROLES, ["list", "read"], "region", sameRegion),
    allow("system_admin", "update", "region", sameRegion),
  ],
  "read",
);
