import { Migrator, NO_MIGRATIONS, sql, type Kysely, type MigrationResultSet } from "kysely";
import { StoreError } from "./errors.js";
import { MIGRATIONS, StaticMigrationProvider } from "./migrations/index.js";
import type { Database } from "./schema.js";

/** Kysely's bookkeeping tables, kept out of backups and table listings. */
export const MIGRATION_TABLE = "kysely_migration";
/** Lock table Kysely uses so that two processes never migrate at once. */
export const MIGRATION_LOCK_TABLE = "kysely_migration_lock";

/**
 * The migrator, with its bookkeeping tables in the current schema. Named explicitly because Kysely
 * checks for them by introspecting every schema: with two stores in one database (tests, or a
 * server hosting several), an unqualified name would find the other store's tables.
 */
async function migrator(db: Kysely<Database>): Promise<Migrator> {
  const current = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  const schema = current.rows[0]?.schema;
  return new Migrator({
    db,
    provider: new StaticMigrationProvider(),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

function check(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName;
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new StoreError("MIGRATION_FAILED", failed ? `${failed}：${reason}` : reason, {
      cause: result.error,
    });
  }
  return (result.results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** Names of the migrations applied in the database, oldest first. */
export async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const all = await (await migrator(db)).getMigrations();
  return all.filter((m) => m.executedAt !== undefined).map((m) => m.name);
}

/**
 * Brings the schema to the newest migration; returns the names applied now. Refuses a database
 * that has migrations this program does not know (written by a newer Luoshi).
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  await assertNotTooNew(db);
  return check(await (await migrator(db)).migrateToLatest());
}

/** Moves the schema to exactly `name` (up or down); used by restore to match a backup's version. */
export async function migrateTo(db: Kysely<Database>, name: string): Promise<string[]> {
  if (!(name in MIGRATIONS)) throw new StoreError("SCHEMA_TOO_NEW", name);
  return check(await (await migrator(db)).migrateTo(name));
}

/** Undoes the newest applied migration; returns its name (empty when none was applied). */
export async function migrateDown(db: Kysely<Database>): Promise<string[]> {
  return check(await (await migrator(db)).migrateDown());
}

/** Undoes every migration: the schema is empty afterwards. */
export async function migrateToZero(db: Kysely<Database>): Promise<void> {
  check(await (await migrator(db)).migrateTo(NO_MIGRATIONS));
}

async function assertNotTooNew(db: Kysely<Database>): Promise<void> {
  const table = await sql<{ t: string | null }>`SELECT to_regclass(${MIGRATION_TABLE})::text AS t`.execute(
    db,
  );
  if (!table.rows[0]?.t) return; // A fresh database.
  const rows = await sql<{ name: string }>`SELECT name FROM ${sql.table(MIGRATION_TABLE)}`.execute(db);
  const names = rows.rows.map((r) => r.name);
  const unknown = names.filter((n) => !(n in MIGRATIONS));
  if (unknown.length > 0) throw new StoreError("SCHEMA_TOO_NEW", unknown.join(", "));
}
