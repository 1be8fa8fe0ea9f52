import { existsSync, mkdirSync, readdirSync, renameSync } from "node:fs";
import { join, resolve } from "node:path";
import { PGlite, type ParserOptions, type SerializerOptions } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { StoreError } from "./errors.js";
import { acquireDirLock, type DirLock } from "./lock.js";
import { migrateToLatest } from "./migrate.js";
import { PGliteDialect } from "./pglite-dialect.js";
import type { Database } from "./schema.js";

/** Which database engine a store runs on. */
export type Backend = "pglite" | "postgres";

/** Where a store lives; every field falls back to the environment (see docs/operations.md). */
export interface OpenStoreOptions {
  /** PostgreSQL connection string; default `DATABASE_URL`. When set, PostgreSQL is used. */
  databaseUrl?: string;
  /** PGlite data directory; default `LUOSHI_DATA_DIR`, else `./data`. */
  dataDir?: string;
  /** Schema to work in (first on the search path); default `LUOSHI_DB_SCHEMA`, else the default schema. */
  schema?: string;
  /** Use this PGlite instance (not locked, not closed by the store); for tests. */
  pglite?: PGlite;
  /** An in-memory PGlite instead of a data directory. */
  memory?: boolean;
  /** Apply pending migrations on open; default true. */
  migrate?: boolean;
  /** Environment to read the defaults from; default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** An open store: the Kysely handle and how to close it. */
export interface Store {
  db: Kysely<Database>;
  backend: Backend;
  /** Where the data is, for messages: a directory, `memory://` or the server without password. */
  location: string;
  /** Schema in use, when not the default. */
  schema?: string;
  /** Things an operator should know (fsync off on the server …), in Chinese. */
  warnings: string[];
  close(): Promise<void>;
}

/** Value parsers shared by both drivers, so rows look the same on PGlite and PostgreSQL. */
const INT8_OID = 20;
const BYTEA_OID = 17;
const DATE_OID = 1082;

const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8_OID) return (value: string) => Number(value);
    if (oid === DATE_OID) return (value: string) => value;
    return pg.types.getTypeParser(oid, format as "text");
  },
} as pg.CustomTypesConfig;

const pgliteParsers: ParserOptions = {
  [INT8_OID]: (value: string) => Number(value),
  [DATE_OID]: (value: string) => value,
  // PGlite's own bytea codec converts byte by byte; Buffer's hex codec is much faster for documents.
  [BYTEA_OID]: (value: string) => new Uint8Array(Buffer.from(value.slice(2), "hex")),
};

const pgliteSerializers: SerializerOptions = {
  [BYTEA_OID]: (value: unknown) => {
    if (!(value instanceof Uint8Array)) throw new Error("bytea 参数必须是 Uint8Array");
    return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}`;
  },
};

/**
 * Options for a PGlite instance as the store runs it (also for callers that share one). PGlite
 * runs with fsync off, so full-page writes protect against nothing (a torn page after an OS crash
 * is as possible with them as without); they only tripled the WAL an import writes.
 */
export const PGLITE_OPTIONS = {
  parsers: pgliteParsers,
  serializers: pgliteSerializers,
  postgresqlconf: ["full_page_writes = off"],
};

function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name))
    throw new StoreError("DATADIR_UNUSABLE", `无效的模式名 ${name}`);
  return `"${name}"`;
}

/**
 * Opens the store: PostgreSQL when a connection string is given (or `DATABASE_URL` is set),
 * otherwise PGlite in the data directory, locked against other processes. Applies migrations
 * unless told not to.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const env = options.env ?? process.env;
  const schema = options.schema ?? (env.LUOSHI_DB_SCHEMA || undefined);
  const databaseUrl =
    options.pglite || options.memory ? undefined : (options.databaseUrl ?? (env.DATABASE_URL || undefined));
  const store = databaseUrl
    ? await openPostgres(databaseUrl, schema)
    : await openPGlite(options, env, schema);
  if (options.migrate ?? true) {
    try {
      await migrateToLatest(store.db);
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

async function openPostgres(url: string, schema: string | undefined): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    types: pgTypes,
    max: 8,
    ...(schema ? { options: `-c search_path=${quoteIdent(schema)}` } : {}),
  });
  // A failed idle client must not crash the process; the next query reports the problem.
  pool.on("error", () => undefined);
  const location = redact(url);
  const warnings: string[] = [];
  try {
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    const settings = await pool.query<{ fsync: string; fpw: string }>(
      "SELECT current_setting('fsync') AS fsync, current_setting('full_page_writes') AS fpw",
    );
    const row = settings.rows[0];
    if (row && (row.fsync !== "on" || row.fpw !== "on")) {
      warnings.push("PostgreSQL 服务器关闭了 fsync 或 full_page_writes，断电可能丢失或损坏数据");
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreError("DATABASE_UNREACHABLE", `${location}（${(error as Error).message}）`, {
      cause: error,
    });
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    backend: "postgres",
    location,
    ...(schema ? { schema } : {}),
    warnings,
    close: async () => {
      await db.destroy();
    },
  };
}

async function openPGlite(
  options: OpenStoreOptions,
  env: Record<string, string | undefined>,
  schema: string | undefined,
): Promise<Store> {
  let pglite: PGlite;
  let lock: DirLock | undefined;
  let location: string;
  const owned = !options.pglite;
  const warnings = [
    "嵌入式数据库（PGlite）关闭了 fsync：断电或系统崩溃可能丢失最近写入的数据；多人或重要数据请改用 PostgreSQL（见 docs/operations.md）",
  ];
  if (options.pglite) {
    pglite = options.pglite;
    location = "pglite://shared";
  } else if (options.memory) {
    pglite = await PGlite.create({ ...PGLITE_OPTIONS });
    location = "memory://";
  } else {
    const dataDir = resolve(options.dataDir ?? (env.LUOSHI_DATA_DIR || "./data"));
    location = dataDir;
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch (error) {
      throw new StoreError("DATADIR_UNUSABLE", `${dataDir}（${(error as Error).message}）`, { cause: error });
    }
    lock = acquireDirLock(dataDir);
    try {
      const pgDir = join(dataDir, "pg");
      const aside = moveAsidePartialInit(pgDir);
      if (aside) warnings.push(`数据目录中有未完成初始化的数据库，已移到 ${aside}（未删除）`);
      pglite = await PGlite.create(pgDir, { ...PGLITE_OPTIONS });
    } catch (error) {
      lock.release();
      if (error instanceof StoreError) throw error;
      throw new StoreError("DATADIR_UNUSABLE", `${dataDir}（${(error as Error).message}）`, { cause: error });
    }
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite, ...(schema ? { schema } : {}) }) });
  if (schema) await sql.raw(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`).execute(db);
  let closed = false;
  return {
    db,
    backend: "pglite",
    location,
    ...(schema ? { schema } : {}),
    warnings,
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
      try {
        if (owned) await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/**
 * initdb interrupted half-way leaves a directory PGlite cannot open and would not re-initialise.
 * It is renamed, never deleted: it may be someone's data in a state we do not understand.
 */
function moveAsidePartialInit(pgDir: string): string | undefined {
  if (!existsSync(pgDir)) return undefined;
  if (readdirSync(pgDir).length === 0) return undefined;
  if (existsSync(join(pgDir, "global", "pg_control"))) return undefined;
  const aside = `${pgDir}.partial-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  renameSync(pgDir, aside);
  return aside;
}

/** A connection string without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgresql://…";
  }
}
