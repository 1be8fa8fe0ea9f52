/** Full-text search, inside the actor's region; a department searches its own tasks only. */
import type { Kysely } from "kysely";
import {
  loadRegistry,
  search,
  type Database,
  type SearchKind,
  type SearchResult,
} from "../../store/index.js";
import type { UnitRegistry } from "../../units/index.js";
import type { RequestContext } from "../context.js";
import { searchPolicy } from "../policies/search.js";
import { reporterUnit } from "./tasks.js";

/** What the search route asks. */
export interface SearchInput {
  q: string;
  kind?: SearchKind | undefined;
  documentId?: string | undefined;
  year?: number | undefined;
  limit: number;
}

/** How long a region's units registry is reused; a registry change reaches searches this much later. */
const REGISTRY_TTL_MS = 30_000;
const registries = new WeakMap<
  Kysely<Database>,
  Map<string, { at: number; registry: Promise<UnitRegistry> }>
>();

/**
 * The region's units registry, built at most every 30 s per store: resolving a department's name
 * for every search rebuilt it from three queries and a merge each time.
 */
function registryOf(ctx: RequestContext): Promise<UnitRegistry> {
  let byRegion = registries.get(ctx.db);
  if (!byRegion) registries.set(ctx.db, (byRegion = new Map()));
  const now = Date.now();
  const cached = byRegion.get(ctx.actor.regionId);
  if (cached && now - cached.at < REGISTRY_TTL_MS) return cached.registry;
  const registry = loadRegistry(ctx.db, ctx.actor.regionId);
  byRegion.set(ctx.actor.regionId, { at: now, registry });
  registry.catch(() => byRegion.delete(ctx.actor.regionId));
  return registry;
}

/** Runs a search within the actor's scope. */
export async function searchLedger(ctx: RequestContext, input: SearchInput): Promise<SearchResult> {
  searchPolicy.authorize(ctx.actor, "search", { regionId: ctx.actor.regionId });
  const own = reporterUnit(ctx.actor);
  let unit: string | undefined;
  if (own) {
    const row = await ctx.db
      .selectFrom("units")
      .select("canonical_name")
      .where("region_id", "=", ctx.actor.regionId)
      .where("id", "=", own)
      .executeTakeFirst();
    // A reporter whose unit is gone sees nothing rather than everything.
    if (!row) return { tokens: [], hits: [], capped: [] };
    unit = row.canonical_name;
  }
  return search(ctx.db, {
    regionId: ctx.actor.regionId,
    query: input.q,
    limit: input.limit,
    ...(input.kind ? { kinds: [input.kind] } : {}),
    ...(input.documentId ? { documentId: input.documentId } : {}),
    ...(input.year !== undefined ? { year: input.year } : {}),
    ...(unit ? { unit, registry: await registryOf(ctx) } : {}),
  });
}
