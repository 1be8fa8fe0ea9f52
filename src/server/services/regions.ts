/** Regions (tenants): a user sees their own; the system administrator names it. */
import type { RequestContext } from "../context.js";
import { notFound } from "../errors.js";
import { regionPolicy } from "../policies/regions.js";

/** A region row. */
export interface RegionRecord {
  id: string;
  name: string;
  level: string | null;
  createdAt: Date;
}

async function load(ctx: RequestContext, id: string): Promise<RegionRecord | undefined> {
  const row = await ctx.db
    .selectFrom("regions")
    .select(["region_id", "name", "level", "created_at"])
    .where("region_id", "=", id)
    .executeTakeFirst();
  return row && { id: row.region_id, name: row.name, level: row.level, createdAt: new Date(row.created_at) };
}

/** The regions the actor may see (their own). */
export async function listRegions(ctx: RequestContext): Promise<RegionRecord[]> {
  regionPolicy.authorize(ctx.actor, "list");
  const own = await load(ctx, ctx.actor.regionId);
  return own ? [own] : [];
}

/** One region; 404 for another tenant's. */
export async function getRegion(
  ctx: RequestContext,
  id: string,
  action: "read" | "update" = "read",
): Promise<RegionRecord> {
  regionPolicy.authorize(ctx.actor, action);
  // Another tenant's region is not even looked up.
  const region = id === ctx.actor.regionId ? await load(ctx, id) : undefined;
  if (!region) throw notFound();
  regionPolicy.authorize(ctx.actor, action, { regionId: region.id });
  return region;
}

/** Renames the region or sets its level. */
export async function updateRegion(
  ctx: RequestContext,
  id: string,
  input: { name?: string | undefined; level?: string | null | undefined },
): Promise<RegionRecord> {
  const region = await getRegion(ctx, id, "update");
  const set: { name?: string; level?: string | null } = {};
  if (input.name !== undefined) set.name = input.name;
  if (input.level !== undefined) set.level = input.level;
  return ctx.transaction(async (trx) => {
    if (Object.keys(set).length > 0)
      await trx.updateTable("regions").set(set).where("region_id", "=", id).execute();
    const after = { ...region, ...set };
    await ctx.audit(trx, {
      objectId: id,
      before: { name: region.name, level: region.level },
      after: { name: after.name, level: after.level },
    });
    return after;
  });
}
