/**
 * Portable logical backups: gzip'd JSON lines, readable by any Luoshi on either backend, so an
 * office can move from PGlite to a PostgreSQL server by `backup` + `restore`. No pg_dump needed.
 *
 *   {"type":"header","format":"luoshi-backup","formatVersion":1,"schemaVersion":"0001_initial",…}
 *   {"type":"table","name":"regions","columns":[{"name":"region_id","type":"text"},…]}
 *   {"type":"row","v":[…]}                    one per row, values in column order
 *   {"type":"end","name":"regions","rows":3}
 *   …                                         tables in dependency order
 *   {"type":"trailer","tables":{…},"sha256":"…"}   sha256 over every line before it
 *
 * Values: bytea as base64, timestamptz as ISO 8601 UTC with microseconds, jsonb as JSON,
 * tsvector as its text (so restore needs no segmentation), generated columns left out.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { access, rename, stat, unlink } from "node:fs/promises";
import { createInterface } from "node:readline";
import { createGunzip, createGzip } from "node:zlib";
import { sql, type Kysely, type Transaction } from "kysely";
import { StoreError } from "./errors.js";
import { migrateTo, migrateToLatest } from "./migrate.js";
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from "./migrations/index.js";
import { TABLES_IN_DEPENDENCY_ORDER, type Database, type TableName } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

/** Identifies the file format. */
export const BACKUP_FORMAT = "luoshi-backup";
/** Version of the file format (not of the schema). */
export const BACKUP_FORMAT_VERSION = 1;

interface Column {
  name: string;
  type: string;
}

/** Primary keys, for a stable row order (backups are reproducible, digests comparable). */
const PRIMARY_KEYS: Record<TableName, string[]> = {
  regions: ["region_id"],
  unit_registry_overrides: ["region_id"],
  units: ["region_id", "id"],
  documents: ["region_id", "id"],
  outline_nodes: ["region_id", "id"],
  tasks: ["region_id", "id"],
  assignments: ["region_id", "id"],
  indicators: ["region_id", "id"],
  phases: ["region_id", "id"],
  citations: ["region_id", "id"],
  diagnostics: ["region_id", "id"],
  periods: ["region_id", "id"],
  period_exceptions: ["region_id", "period_id", "unit_id"],
  reports: ["region_id", "id"],
  report_versions: ["region_id", "report_id", "version"],
  evidence: ["region_id", "id"],
  observations: ["region_id", "id"],
  reminders: ["region_id", "id"],
  checklist_items: ["region_id", "id"],
  self_evaluations: ["region_id", "id"],
  reminder_deliveries: ["region_id", "id"],
  indicator_units: ["region_id", "indicator_id", "unit_id"],
  evaluation_files: ["region_id", "id"],
  region_settings: ["region_id"],
  users: ["region_id", "id"],
  audit_log: ["seq"],
};

/** Rows per read batch; documents hold whole files, so they go in smaller batches. */
function batchSize(table: TableName): number {
  return table === "documents" || table === "evidence" || table === "evaluation_files" ? 20 : 1000;
}

async function columnsOf(db: Db, table: TableName): Promise<Column[]> {
  const result = await sql<{ column_name: string; data_type: string; is_generated: string }>`
    SELECT column_name, data_type, is_generated FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ${table}
    ORDER BY ordinal_position`.execute(db);
  return result.rows
    .filter((c) => c.is_generated !== "ALWAYS")
    .map((c) => ({ name: c.column_name, type: c.data_type }));
}

function selectExpression(column: Column) {
  const ident = sql.ref(column.name);
  if (column.type === "timestamp with time zone") {
    // Microseconds and UTC: JavaScript Dates would drop the microseconds.
    return sql`to_char(${ident} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(column.name);
  }
  if (column.type === "uuid" || column.type === "tsvector") return sql`${ident}::text`.as(column.name);
  return sql`${ident}`.as(column.name);
}

function encodeValue(value: unknown, column: Column): unknown {
  if (value === null || value === undefined) return null;
  if (column.type === "bytea") {
    const bytes = value as Uint8Array;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  }
  return value;
}

function decodeValue(value: unknown, column: Column): unknown {
  if (value === null) return null;
  if (column.type === "bytea") return new Uint8Array(Buffer.from(value as string, "base64"));
  if (column.type === "jsonb" || column.type === "json") return JSON.stringify(value);
  return value;
}

/** Reads a table in primary-key order, batch by batch (keyset pagination). */
async function* readTable(
  db: Db,
  table: TableName,
  columns: Column[],
): AsyncGenerator<Record<string, unknown>[]> {
  const keys = PRIMARY_KEYS[table];
  const size = batchSize(table);
  let after: unknown[] | undefined;
  for (;;) {
    let query = db
      .selectFrom(table)
      .select(columns.map(selectExpression) as never)
      .limit(size);
    for (const key of keys) query = query.orderBy(sql.ref(key));
    if (after) {
      const tuple = sql`(${sql.join(keys.map((k) => sql.ref(k)))})`;
      const values = sql`(${sql.join(after)})`;
      query = query.where(sql<boolean>`${tuple} > ${values}`);
    }
    const rows = (await query.execute()) as Record<string, unknown>[];
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < size) return;
    const last = rows[rows.length - 1]!;
    after = keys.map((k) => last[k]);
  }
}

/** Counts per table of a backup. */
export type TableCounts = Record<TableName, number>;

/** What a backup wrote. */
export interface BackupResult {
  path: string;
  schemaVersion: string;
  tables: TableCounts;
  bytes: number;
}

/**
 * Writes a backup of the whole store to `path` (gzip'd JSON lines) from one consistent snapshot.
 * The file is written next to `path` and renamed into place, so a failed backup never leaves a
 * file that looks complete.
 */
export async function backupStore(
  db: Kysely<Database>,
  path: string,
  source = "unknown",
): Promise<BackupResult> {
  const temp = `${path}.partial-${process.pid}`;
  const gzip = createGzip();
  const file = createWriteStream(temp);
  const piped = new Promise<void>((resolve, reject) => {
    file.on("finish", resolve);
    file.on("error", reject);
    gzip.on("error", reject);
  });
  gzip.pipe(file);
  const hash = createHash("sha256");
  const write = async (record: unknown) => {
    const line = `${JSON.stringify(record)}\n`;
    hash.update(line);
    if (!gzip.write(line)) await new Promise<void>((resolve) => gzip.once("drain", resolve));
  };
  const counts = {} as TableCounts;
  try {
    await db
      .transaction()
      .setIsolationLevel("repeatable read")
      .execute(async (trx) => {
        const version = await schemaVersionOf(trx);
        await write({
          type: "header",
          format: BACKUP_FORMAT,
          formatVersion: BACKUP_FORMAT_VERSION,
          schemaVersion: version,
          createdAt: new Date().toISOString(),
          source,
        });
        for (const table of TABLES_IN_DEPENDENCY_ORDER) {
          const columns = await columnsOf(trx, table);
          await write({ type: "table", name: table, columns });
          let n = 0;
          for await (const rows of readTable(trx, table, columns)) {
            for (const row of rows) {
              await write({ type: "row", v: columns.map((c) => encodeValue(row[c.name], c)) });
              n++;
            }
          }
          await write({ type: "end", name: table, rows: n });
          counts[table] = n;
        }
      });
    const digest = hash.copy().digest("hex");
    gzip.end(`${JSON.stringify({ type: "trailer", tables: counts, sha256: digest })}\n`);
    await piped;
    await rename(temp, path);
  } catch (error) {
    gzip.destroy();
    file.destroy();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  return { path, schemaVersion: await schemaVersionOf(db), tables: counts, bytes: (await stat(path)).size };
}

async function schemaVersionOf(db: Db): Promise<string> {
  const rows = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return rows.rows.at(-1)?.name ?? "";
}

/** Options of `restoreStore`. */
export interface RestoreOptions {
  /** Delete what the target holds first; without it a non-empty target is refused. */
  replace?: boolean;
}

/** What a restore loaded. */
export interface RestoreResult {
  schemaVersion: string;
  tables: TableCounts;
}

async function totalRows(db: Db): Promise<number> {
  let total = 0;
  for (const table of TABLES_IN_DEPENDENCY_ORDER) {
    const r = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirst();
    total += Number(r?.n ?? 0);
  }
  return total;
}

function invalid(detail: string): StoreError {
  return new StoreError("BACKUP_INVALID", detail);
}

/**
 * Loads a backup into the store in one transaction: either everything is restored and checked
 * against the trailer's counts and checksum, or nothing changes. A backup from an older schema is
 * loaded into that schema and migrated up; one from a newer Luoshi is refused.
 */
export async function restoreStore(
  db: Kysely<Database>,
  path: string,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  try {
    await access(path);
  } catch {
    throw new StoreError("NOT_FOUND", `备份文件 ${path}`);
  }
  const file = createReadStream(path);
  const gunzip = createGunzip();
  // pipe() does not forward errors: a read error must end the gunzip stream, or readline waits forever.
  file.on("error", (error) => gunzip.destroy(error));
  const lines = createInterface({ input: file.pipe(gunzip), crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  const hash = createHash("sha256");
  const next = async (): Promise<Record<string, unknown> | undefined> => {
    let result: IteratorResult<string>;
    try {
      result = await iterator.next();
    } catch (error) {
      throw invalid((error as Error).message);
    }
    if (result.done) return undefined;
    try {
      return JSON.parse(result.value) as Record<string, unknown>;
    } catch {
      throw invalid("无法解析的行");
    } finally {
      if (!result.value.startsWith('{"type":"trailer"')) hash.update(`${result.value}\n`);
    }
  };

  try {
    const header = await next();
    if (!header || header.type !== "header" || header.format !== BACKUP_FORMAT) throw invalid("缺少文件头");
    if (header.formatVersion !== BACKUP_FORMAT_VERSION)
      throw invalid(`格式版本 ${String(header.formatVersion)}`);
    const schemaVersion = String(header.schemaVersion);
    if (!(schemaVersion in MIGRATIONS)) throw new StoreError("SCHEMA_TOO_NEW", schemaVersion);

    if (!options.replace && (await totalRows(db)) > 0) throw new StoreError("RESTORE_NOT_EMPTY");
    if (schemaVersion !== LATEST_SCHEMA_VERSION) {
      await wipe(db);
      await migrateTo(db, schemaVersion);
    }
    const counts = {} as TableCounts;
    await db.transaction().execute(async (trx) => {
      if (options.replace) await wipe(trx);
      for (;;) {
        const record = await next();
        if (!record) throw invalid("文件不完整（缺少结尾）");
        if (record.type === "trailer") {
          const expected = record.tables as Record<string, number>;
          for (const table of TABLES_IN_DEPENDENCY_ORDER) {
            if ((expected[table] ?? 0) !== (counts[table] ?? 0)) throw invalid(`表 ${table} 行数不符`);
          }
          if (record.sha256 !== hash.digest("hex")) throw invalid("校验和不符");
          break;
        }
        if (record.type !== "table") throw invalid(`意外的记录 ${String(record.type)}`);
        const table = record.name as TableName;
        if (!TABLES_IN_DEPENDENCY_ORDER.includes(table)) throw invalid(`未知的表 ${String(record.name)}`);
        const columns = record.columns as Column[];
        counts[table] = await loadTable(trx, table, columns, next);
      }
    });
    if (schemaVersion !== LATEST_SCHEMA_VERSION) await migrateToLatest(db);
    return { schemaVersion, tables: counts };
  } finally {
    lines.close();
    file.destroy();
  }
}

async function loadTable(
  trx: Transaction<Database>,
  table: TableName,
  columns: Column[],
  next: () => Promise<Record<string, unknown> | undefined>,
): Promise<number> {
  const size = Math.max(1, Math.min(batchSize(table) * 5, Math.floor(30_000 / Math.max(1, columns.length))));
  let batch: Record<string, unknown>[] = [];
  let n = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await trx
      .insertInto(table)
      .values(batch as never)
      .execute();
    batch = [];
  };
  for (;;) {
    const record = await next();
    if (!record) throw invalid(`表 ${table} 不完整`);
    if (record.type === "end") {
      await flush();
      if (record.rows !== n) throw invalid(`表 ${table} 行数不符`);
      return n;
    }
    if (record.type !== "row" || !Array.isArray(record.v) || record.v.length !== columns.length) {
      throw invalid(`表 ${table} 的行格式不对`);
    }
    const values = record.v as unknown[];
    const row: Record<string, unknown> = {};
    columns.forEach((c, i) => (row[c.name] = decodeValue(values[i], c)));
    batch.push(row);
    n++;
    if (batch.length >= size) await flush();
  }
}

/** Deletes every row of every table, children first. */
export async function wipe(db: Db): Promise<void> {
  const run = async (trx: Db) => {
    // The audit log refuses DELETE unless the transaction declares a wipe (migration 0002).
    await sql`SELECT set_config('luoshi.audit_maintenance', 'wipe', true)`.execute(trx);
    // A restore of an older backup wipes at that older schema, where newer tables do not exist.
    const present = await sql<{ name: string }>`
      SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`.execute(
      trx,
    );
    const names = new Set(present.rows.map((r) => r.name));
    for (const table of [...TABLES_IN_DEPENDENCY_ORDER].reverse()) {
      if (names.has(table)) await trx.deleteFrom(table).execute();
    }
  };
  if (db.isTransaction) await run(db);
  else await (db as Kysely<Database>).transaction().execute(run);
}

/** Row count and an order-independent-of-backend hash of one table's rows. */
export interface TableDigest {
  rows: number;
  sha256: string;
}

/**
 * A tsvector's text with its entries sorted: PostgreSQL versions print lexemes in different orders
 * (PostgreSQL 15 by bytes, PGlite's 17 by length first), the set is what matters.
 */
function canonicalTsvector(text: string): string {
  const entries: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === " ") i++;
    if (i >= text.length) break;
    const start = i;
    if (text[i] === "'") {
      i++;
      while (i < text.length) {
        if (text[i] === "'" && text[i + 1] === "'") i += 2;
        else if (text[i] === "\\") i += 2;
        else if (text[i] === "'") break;
        else i++;
      }
      i++;
    }
    while (i < text.length && text[i] !== " ") i++;
    entries.push(text.slice(start, i));
  }
  return entries.sort().join(" ");
}

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/**
 * Per table: the row count and a SHA-256 over the rows in primary-key order, each row written
 * canonically (sorted JSON keys, bytea as base64, timestamps in UTC with microseconds, tsvector
 * entries sorted). Two
 * stores with equal digests hold the same data, whichever backend each runs on.
 */
export async function digestTables(db: Kysely<Database>): Promise<Record<TableName, TableDigest>> {
  const out = {} as Record<TableName, TableDigest>;
  for (const table of TABLES_IN_DEPENDENCY_ORDER) {
    const columns = await columnsOf(db, table);
    const hash = createHash("sha256");
    let rows = 0;
    for await (const batch of readTable(db, table, columns)) {
      for (const row of batch) {
        const values = columns.map((c) => {
          const v = encodeValue(row[c.name], c);
          return c.type === "tsvector" && typeof v === "string" ? canonicalTsvector(v) : v;
        });
        hash.update(`${canonicalJson(values)}\n`);
        rows++;
      }
    }
    out[table] = { rows, sha256: hash.digest("hex") };
  }
  return out;
}
