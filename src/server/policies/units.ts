import type { Actor } from "../context.js";
import { allow, Policy, sameRegion } from "./policy.js";

/** A unit (责任单位) as the policy sees it. */
export interface UnitSubject {
  regionId: string;
  unitId: string;
}

/** What can be done to units. */
export type UnitAction = "list" | "read" | "listUnresolved";

const ownUnit = (actor: Actor, unit: UnitSubject) => sameRegion(actor, unit) && unit.unitId === actor.unitId;

/**
 * Units: the 督查室 sees all and the names nobody resolved (to fix the registry); leaders and the
 * account administrators see the list (a user is assigned to a unit); a department sees itself.
 */
export const unitPolicy = new Policy<UnitAction, UnitSubject>(
  "unit",
  ["list", "read", "listUnresolved"],
  [
    allow("supervisor", ["list", "read", "listUnresolved"], "unit", sameRegion),
    allow(["leader", "system_admin", "security_admin"], ["list", "read"], "unit", sameRegion),
    allow("reporter", ["list", "read"], "unit", ownUnit),
  ],
  "read",
);
