import { uuidv7 } from "./ids.js";
import { sql, type Kysely, type Transaction } from "kysely";
import {
  UnitRegistry,
  validateRegistry,
  mergeRegistry,
  DEFAULT_REGISTRY_DATA,
  RegistryError,
  type RegistryOverride,
  type ResolvedUnit,
  type UnitLevel,
} from "../units/index.js";
import type { Database } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

/** The region used when none is given: `LUOSHI_REGION`, else `default`. */
export function defaultRegionId(env: Record<string, string | undefined> = process.env): string {
  return env.LUOSHI_REGION || "default";
}

/** What a region is called and which place names are its own (for the units registry). */
export interface RegionInfo {
  regionId: string;
  name?: string;
  level?: string | null;
  places?: Record<string, UnitLevel>;
}

/** Creates the region if it does not exist (named after its id); never changes an existing one. */
export async function ensureRegion(db: Db, regionId: string): Promise<void> {
  // Read first: this runs before every import, and an INSERT … ON CONFLICT still writes WAL.
  const existing = await db
    .selectFrom("regions")
    .select("region_id")
    .where("region_id", "=", regionId)
    .executeTakeFirst();
  if (existing) return;
  await db
    .insertInto("regions")
    .values({ region_id: regionId, name: regionId, level: null })
    .onConflict((oc) => oc.column("region_id").doNothing())
    .execute();
}

/** Creates or updates a region's name, level and place names. */
export async function upsertRegion(db: Db, info: RegionInfo): Promise<void> {
  await ensureRegion(db, info.regionId);
  const changes: { name?: string; level?: string | null; places?: string } = {};
  if (info.name !== undefined) changes.name = info.name;
  if (info.level !== undefined) changes.level = info.level;
  if (info.places !== undefined) changes.places = JSON.stringify(info.places);
  if (Object.keys(changes).length === 0) return;
  await db.updateTable("regions").set(changes).where("region_id", "=", info.regionId).execute();
}

/** The region's stored override of the units registry, if any. */
export async function getRegistryOverride(db: Db, regionId: string): Promise<RegistryOverride | undefined> {
  const row = await db
    .selectFrom("unit_registry_overrides")
    .select("data")
    .where("region_id", "=", regionId)
    .executeTakeFirst();
  return row ? (row.data as RegistryOverride) : undefined;
}

/**
 * Stores a region's registry override after checking that it merges into a consistent registry;
 * then re-resolves every assignment of the region. Returns how many assignments changed unit.
 */
export async function setRegistryOverride(
  db: Kysely<Database>,
  regionId: string,
  override: RegistryOverride | undefined,
): Promise<number> {
  if (override) {
    if (override.version !== 1) throw new RegistryError(["version 必须为 1"]);
    const problems = validateRegistry(mergeRegistry(DEFAULT_REGISTRY_DATA, override));
    if (problems.length > 0) throw new RegistryError(problems);
  }
  return db.transaction().execute(async (trx) => {
    await ensureRegion(trx, regionId);
    if (override) {
      await trx
        .insertInto("unit_registry_overrides")
        .values({ region_id: regionId, data: JSON.stringify(override) })
        .onConflict((oc) =>
          oc.column("region_id").doUpdateSet({ data: JSON.stringify(override), updated_at: sql`now()` }),
        )
        .execute();
    } else {
      await trx.deleteFrom("unit_registry_overrides").where("region_id", "=", regionId).execute();
    }
    return reresolveAssignments(trx, regionId, await loadRegistry(trx, regionId));
  });
}

/** The units registry of a region: the shipped data, the stored override and the region's places. */
export async function loadRegistry(db: Db, regionId: string): Promise<UnitRegistry> {
  const override = await getRegistryOverride(db, regionId);
  const region = await db
    .selectFrom("regions")
    .select("places")
    .where("region_id", "=", regionId)
    .executeTakeFirst();
  const places = (region?.places ?? {}) as Record<string, UnitLevel>;
  return UnitRegistry.create({
    version: 1,
    ...(override ?? {}),
    places: { ...(override?.places ?? {}), ...places },
  });
}

/** A resolved unit's row id, creating the row (and recording the written alias) when needed. */
export async function upsertUnits(
  db: Db,
  regionId: string,
  resolved: readonly ResolvedUnit[],
): Promise<Map<string, string>> {
  const byName = new Map<string, { unit: ResolvedUnit; aliases: Set<string> }>();
  for (const unit of resolved) {
    if (!unit.resolved) continue;
    const entry = byName.get(unit.canonicalName) ?? { unit, aliases: new Set<string>() };
    if (unit.written !== unit.canonicalName) entry.aliases.add(unit.written);
    byName.set(unit.canonicalName, entry);
  }
  const ids = new Map<string, string>();
  if (byName.size === 0) return ids;
  // Sorted, so concurrent imports lock unit rows in the same order and cannot deadlock on them.
  const rows = [...byName.values()]
    .sort((a, b) => (a.unit.canonicalName < b.unit.canonicalName ? -1 : 1))
    .map(({ unit, aliases }) => ({
      region_id: regionId,
      id: uuidv7(),
      canonical_name: unit.canonicalName,
      kind: unit.kind === "unknown" ? ("department" as const) : unit.kind,
      level: unit.level ?? null,
      place: unit.place ?? null,
      registry_key: unit.key ?? null,
      aliases: JSON.stringify([...aliases].sort()),
    }));
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    // Read first and write only what is new. INSERT … ON CONFLICT DO UPDATE locks every
    // conflicting row until commit, even when its WHERE leaves the row alone: concurrent imports,
    // which all name the same departments, then queued behind each other for their whole
    // transactions. DO NOTHING takes no lock on the rows that exist.
    const stored = async (names: string[]) =>
      names.length === 0
        ? []
        : db
            .selectFrom("units")
            .select(["id", "canonical_name", "aliases"])
            .where("region_id", "=", regionId)
            .where("canonical_name", "in", names)
            .execute();
    const known = new Map(
      (await stored(chunk.map((r) => r.canonical_name))).map((u) => [u.canonical_name, u]),
    );
    const fresh = chunk.filter((r) => !known.has(r.canonical_name));
    if (fresh.length > 0) {
      const inserted = await db
        .insertInto("units")
        .values(fresh)
        .onConflict((oc) => oc.columns(["region_id", "canonical_name"]).doNothing())
        .returning(["id", "canonical_name"])
        .execute();
      for (const row of inserted) ids.set(row.canonical_name, row.id);
      // Another import inserted these meanwhile: read them, and add our aliases below.
      for (const u of await stored(fresh.map((r) => r.canonical_name).filter((name) => !ids.has(name))))
        known.set(u.canonical_name, u);
    }
    for (const row of chunk) {
      const unit = known.get(row.canonical_name);
      if (!unit) continue;
      ids.set(row.canonical_name, unit.id);
      const aliases = JSON.parse(row.aliases) as string[];
      const have = new Set(unit.aliases as string[]);
      if (aliases.every((a) => have.has(a))) continue;
      // Aliases accumulate; only a unit that gains one gets a new row version (and a lock).
      await db
        .updateTable("units")
        .set({
          aliases: sql`(SELECT coalesce(jsonb_agg(DISTINCT a ORDER BY a), '[]'::jsonb)
            FROM jsonb_array_elements_text(units.aliases || ${row.aliases}::jsonb) AS a)`,
        })
        .where("region_id", "=", regionId)
        .where("id", "=", unit.id)
        .execute();
    }
  }
  return ids;
}

/** The stored form of a resolution: what the UI needs to explain a mapping. */
export function resolutionJson(unit: ResolvedUnit): string | null {
  if (!unit.resolved) return null;
  return JSON.stringify({
    canonicalName: unit.canonicalName,
    kind: unit.kind,
    ...(unit.key ? { key: unit.key } : {}),
    ...(unit.history.length > 0 ? { history: unit.history } : {}),
    ...(unit.staleAtWriting !== undefined ? { staleAtWriting: unit.staleAtWriting } : {}),
  });
}

/**
 * Resolves every assignment of a region again (after the registry changed). Returns the number of
 * assignments whose unit changed.
 */
export async function reresolveAssignments(
  db: Db,
  regionId: string,
  registry: UnitRegistry,
): Promise<number> {
  const rows = await db
    .selectFrom("assignments as a")
    .innerJoin("documents as d", (j) =>
      j.onRef("d.region_id", "=", "a.region_id").onRef("d.id", "=", "a.document_id"),
    )
    .select(["a.id", "a.task_id", "a.unit_name", "a.unit_id", "d.year"])
    .where("a.region_id", "=", regionId)
    .execute();
  const resolved = rows.map((r) => registry.resolve(r.unit_name, r.year ? { writtenYear: r.year } : {}));
  const ids = await upsertUnits(db, regionId, resolved);
  let changed = 0;
  const touched = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const unit = resolved[i]!;
    const unitId = unit.resolved ? (ids.get(unit.canonicalName) ?? null) : null;
    if (unitId === row.unit_id) continue;
    changed++;
    touched.add(row.task_id);
    await db
      .updateTable("assignments")
      .set({ unit_id: unitId, resolution: resolutionJson(unit) })
      .where("region_id", "=", regionId)
      .where("id", "=", row.id)
      .execute();
  }
  // Keep the copy of each task's units (tasks.unit_ids, used by search) in step.
  const tasks = [...touched];
  for (let i = 0; i < tasks.length; i += 1000) {
    await sql`
      UPDATE tasks AS t SET unit_ids = coalesce((
        SELECT array_agg(DISTINCT a.unit_id ORDER BY a.unit_id) FROM assignments AS a
        WHERE a.region_id = t.region_id AND a.task_id = t.id AND a.unit_id IS NOT NULL), '{}'::uuid[])
      WHERE t.region_id = ${regionId} AND t.id = ANY(${tasks.slice(i, i + 1000)}::uuid[])`.execute(db);
  }
  return changed;
}
