import { sql, type Kysely } from "kysely";

/**
 * A document's large columns (the original bytes, the text, the search vector, the metadata) are
 * compressed with lz4 where the server has it. PostgreSQL's default, pglz, cost about 3 ms of
 * server CPU per 56 kB document on import (docs/benchmarks.md); lz4 compresses several times
 * faster for a little less saving. PGlite is built without lz4 and keeps pglz. Rows already
 * stored keep their compression until rewritten; both methods read the same.
 */
const COLUMNS = ["original", "text", "tsv", "meta"] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function hasLz4(db: Kysely<any>): Promise<boolean> {
  const rows = await sql<{ lz4: boolean }>`
    SELECT 'lz4' = ANY (enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`.execute(
    db,
  );
  return rows.rows[0]?.lz4 === true;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  if (!(await hasLz4(db))) return;
  for (const column of COLUMNS)
    await sql.raw(`ALTER TABLE documents ALTER COLUMN ${column} SET COMPRESSION lz4`).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (!(await hasLz4(db))) return;
  for (const column of COLUMNS)
    await sql.raw(`ALTER TABLE documents ALTER COLUMN ${column} SET COMPRESSION DEFAULT`).execute(db);
}
