/** Units (责任单位) of the region and the names nobody could resolve. */
import {
  listUnits as storeListUnits,
  unresolvedUnits,
  type UnitSummary,
  type UnresolvedUnit,
} from "../../store/index.js";
import type { RequestContext } from "../context.js";
import { unitPolicy } from "../policies/units.js";

/** The units the actor may see: the region's, or a department's own. */
export async function listUnits(ctx: RequestContext): Promise<UnitSummary[]> {
  unitPolicy.authorize(ctx.actor, "list");
  const all = await storeListUnits(ctx.db, { regionId: ctx.actor.regionId });
  return all.filter((u) =>
    unitPolicy.can(ctx.actor, "read", { regionId: ctx.actor.regionId, unitId: u.unitId }),
  );
}

/** Unit names that matched nothing in the registry, most used first. */
export async function listUnresolved(ctx: RequestContext): Promise<UnresolvedUnit[]> {
  unitPolicy.authorize(ctx.actor, "listUnresolved");
  return unresolvedUnits(ctx.db, { regionId: ctx.actor.regionId });
}
