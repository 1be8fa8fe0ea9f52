import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  acquireDirLock,
  appliedMigrations,
  LOCK_FILE,
  migrateDown,
  migrateToLatest,
  MIGRATIONS,
  openStore,
  StoreError,
  TABLES_IN_DEPENDENCY_ORDER,
  tsqueryLiteral,
  tsvectorLiteral,
} from "../../src/store/index.js";
import { bulkInsertMany, COLUMN_TYPES } from "../../src/store/bulk.js";
import { backends, freshSchema, openTestStore, PG_URL, ROOT, type TestStore } from "./helpers.js";

/** The smallest valid documents row in region "r": one byte, "x", no metadata. */
function documentRow(id: string, sha256: string) {
  return {
    region_id: "r",
    id,
    sha256,
    media_type: "text/plain",
    filename: `${sha256}.txt`,
    byte_size: 1,
    original: new TextEncoder().encode("x"),
    format: "text",
    encoding: null,
    text: "x",
    title: null,
    doc_number: null,
    doc_date: null,
    year: null,
    title_norm: null,
    issued_title_norm: null,
    doc_number_norm: null,
    meta: "{}",
    parser_version: "t",
  };
}

describe.each(backends)("schema and migrations on %s", (backend) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(backend);
  });
  afterAll(async () => {
    await store?.dispose();
  });

  it("applies the static migrations on open", async () => {
    expect(store.backend).toBe(backend);
    expect(await appliedMigrations(store.db)).toEqual(Object.keys(MIGRATIONS));
    expect(await migrateToLatest(store.db)).toEqual([]);
  });

  it("creates every table, each with region_id", async () => {
    const rows = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_name = 'region_id'
      ORDER BY table_name`.execute(store.db);
    // sessions are not backed up (a restore must not revive logins) but belong to a region too.
    expect(rows.rows.map((r) => r.table_name)).toEqual([...TABLES_IN_DEPENDENCY_ORDER, "sessions"].sort());
  });

  it("the bulk-insert column types match the migrated columns", async () => {
    const udt: Record<string, string> = {
      int4: "int4",
      text: "text",
      uuid: "uuid",
      bool: "bool",
      jsonb: "jsonb",
      tsvector: "tsvector",
      "uuid[]": "_uuid",
    };
    for (const [table, columns] of Object.entries(COLUMN_TYPES)) {
      const rows = await sql<{ column_name: string; udt_name: string }>`
        SELECT column_name, udt_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ${table}`.execute(store.db);
      const actual = new Map(rows.rows.map((r) => [r.column_name, r.udt_name]));
      for (const [column, type] of Object.entries(columns))
        expect(`${table}.${column}:${actual.get(column)}`).toBe(`${table}.${column}:${udt[type]}`);
    }
  });

  it("migrates down to nothing and up again", async () => {
    for (const name of Object.keys(MIGRATIONS).reverse()) expect(await migrateDown(store.db)).toEqual([name]);
    const left = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_name NOT LIKE 'kysely_%'`.execute(store.db);
    expect(left.rows[0]!.n).toBe(0);
    expect(await migrateToLatest(store.db)).toEqual(Object.keys(MIGRATIONS));
  });

  it("keeps jieba tokens in a tsvector with a GIN index that the planner uses", async () => {
    await store.db.insertInto("regions").values({ region_id: "r", name: "测试", level: null }).execute();
    await store.db
      .insertInto("documents")
      .values({
        ...documentRow("00000000-0000-4000-8000-000000000001", "a"),
        tsv: tsvectorLiteral(["乡村", "振兴", "交通", "运输", "交通运输", "交通"]),
      })
      .execute();
    // Lexeme order in tsvector text differs between PostgreSQL versions; compare as a set.
    const tsv = await sql<{ tsv: string }>`SELECT tsv::text AS tsv FROM documents`.execute(store.db);
    expect(tsv.rows[0]!.tsv.split(" ").sort()).toEqual(
      ["'乡村':1", "'交通':3,6", "'交通运输':5", "'振兴':2", "'运输':4"].sort(),
    );
    const count = async (tokens: string[]) =>
      (
        await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM documents WHERE tsv @@ ${tsqueryLiteral(tokens)}::tsquery`.execute(
          store.db,
        )
      ).rows[0]!.n;
    expect(await count(["交通", "振兴"])).toBe(1);
    expect(await count(["交通", "教育"])).toBe(0);
    expect(await count(["it's", "a&b"])).toBe(0);
    const plan = await store.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      return sql<{ "QUERY PLAN": string }>`
        EXPLAIN SELECT id FROM documents WHERE tsv @@ '交通'::tsquery`.execute(trx);
    });
    expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("documents_tsv_idx");
    const back = await store.db.selectFrom("documents").select("original").executeTakeFirstOrThrow();
    expect([...back.original]).toEqual([120]);
    await store.db.deleteFrom("documents").execute();
    await store.db.deleteFrom("regions").execute();
  });

  it("bulk-inserts several tables in one statement, keeping awkward text and the foreign keys", async () => {
    const doc = "00000000-0000-4000-8000-0000000000d1";
    const task = "00000000-0000-4000-8000-0000000000a1";
    const unit = "00000000-0000-4000-8000-0000000000b1";
    await store.db.insertInto("regions").values({ region_id: "r", name: "测试", level: null }).execute();
    await store.db
      .insertInto("units")
      .values({ region_id: "r", id: unit, canonical_name: "区财政局", kind: "department", aliases: "[]" })
      .execute();
    await store.db.insertInto("documents").values(documentRow(doc, "b")).execute();
    const awkward = `他说："加快" \\ 'x' {a,b} \n 第二行\n\t😀 NULL`;
    await bulkInsertMany(store.db, [
      {
        // The assignment comes first: its foreign key to the task holds because both are in one statement.
        table: "assignments",
        rows: [
          {
            region_id: "r",
            id: "00000000-0000-4000-8000-0000000000c1",
            task_id: task,
            document_id: doc,
            seq: 1,
            unit_name: awkward,
            role: "lead",
            collective: false,
            inferred: true,
            span_start: 0,
            span_end: 3,
            unit_id: unit,
            resolution: JSON.stringify({ written: awkward, steps: ["a", 1, null] }),
          },
        ],
      },
      {
        table: "tasks",
        rows: [
          {
            region_id: "r",
            id: task,
            document_id: doc,
            task_key: "k1",
            seq: 1,
            parser_task_id: "t1",
            heading_path: JSON.stringify(["一、总则", awkward]),
            text: awkward,
            span_start: 0,
            span_end: 10,
            clause_start: 0,
            clause_end: 2,
            deadline: null,
            year: 2020,
            unit_ids: [unit],
            tsv: tsvectorLiteral(["加快", "it''s"], { positions: false }),
          },
        ],
      },
    ]);
    const back = await store.db
      .selectFrom("tasks")
      .innerJoin("assignments", "assignments.task_id", "tasks.id")
      .select(["tasks.text", "tasks.heading_path", "tasks.unit_ids", "tasks.year", "assignments.unit_name"])
      .select(["assignments.resolution", "assignments.inferred", "assignments.unit_id"])
      .select(sql<string>`tasks.tsv::text`.as("tsv"))
      .executeTakeFirstOrThrow();
    expect(back.text).toBe(awkward);
    expect(back.unit_name).toBe(awkward);
    expect(back.heading_path).toEqual(["一、总则", awkward]);
    expect(back.resolution).toEqual({ written: awkward, steps: ["a", 1, null] });
    expect(back.unit_ids).toEqual([unit]);
    expect(back.unit_id).toBe(unit);
    expect(back.year).toBe(2020);
    expect(back.inferred).toBe(true);
    expect(back.tsv).toContain("'加快'");
    // A dangling reference fails the whole statement: nothing of it stays.
    await expect(
      bulkInsertMany(store.db, [
        {
          table: "phases",
          rows: [
            {
              region_id: "r",
              id: "00000000-0000-4000-8000-0000000000e1",
              document_id: doc,
              seq: 1,
              name: "启动阶段",
              start_month: null,
              end_month: null,
              steps: "[]",
              span_start: 0,
              span_end: 1,
            },
          ],
        },
        {
          table: "diagnostics",
          rows: [
            {
              region_id: "r",
              id: "00000000-0000-4000-8000-0000000000e2",
              document_id: "00000000-0000-4000-8000-0000000000ff",
              seq: 1,
              source: "parse",
              code: "X",
              severity: "info",
              message: "m",
              span_start: null,
              span_end: null,
              related: null,
              count: null,
            },
          ],
        },
      ]),
    ).rejects.toThrow();
    expect(await store.db.selectFrom("phases").selectAll().execute()).toEqual([]);
    await store.db.deleteFrom("documents").execute();
    await store.db.deleteFrom("units").execute();
    await store.db.deleteFrom("regions").execute();
  });

  it("compresses a document's large columns with lz4 where the server has it", async () => {
    const rows = await sql<{ attname: string; attcompression: string }>`
      SELECT attname, attcompression::text AS attcompression FROM pg_attribute
      WHERE attrelid = 'documents'::regclass AND attname IN ('original', 'text', 'tsv', 'meta')
      ORDER BY attname`.execute(store.db);
    const hasLz4 = await sql<{ lz4: boolean }>`
      SELECT 'lz4' = ANY (enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`.execute(
      store.db,
    );
    // Debian's PostgreSQL has lz4; PGlite is built without it and keeps the default.
    expect(hasLz4.rows[0]!.lz4).toBe(backend === "postgres");
    const expected = backend === "postgres" ? "l" : "";
    expect(rows.rows).toEqual(
      ["meta", "original", "text", "tsv"].map((attname) => ({ attname, attcompression: expected })),
    );
  });
});

describe("PGlite data directory", () => {
  const root = mkdtempSync(join(tmpdir(), "luoshi-datadir-"));

  it("opens from LUOSHI_DATA_DIR, locks the directory and releases the lock on close", async () => {
    const dataDir = join(root, "a");
    const store = await openStore({ env: { LUOSHI_DATA_DIR: dataDir } });
    expect(store.backend).toBe("pglite");
    expect(store.location).toBe(dataDir);
    expect(store.warnings.join()).toContain("fsync");
    const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), "utf8")) as { pid: number };
    expect(lock.pid).toBe(process.pid);
    // A second open in this process is refused too.
    await expect(openStore({ dataDir })).rejects.toMatchObject({ code: "DATADIR_LOCKED" });
    await store.close();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    // Reopening finds the migrated schema.
    const again = await openStore({ dataDir, migrate: false });
    expect(await appliedMigrations(again.db)).toEqual(Object.keys(MIGRATIONS));
    await again.close();
  });

  it("refuses a directory locked by another live process, and takes it over once that process is killed", async () => {
    const dir = join(root, "b");
    mkdirSync(dir);
    const holder = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        `import { acquireDirLock } from ${JSON.stringify(join(ROOT, "src/store/lock.ts"))};
         acquireDirLock(${JSON.stringify(dir)}); console.log("held"); setInterval(() => {}, 1000);`,
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve) =>
      holder.stdout!.on("data", (d: Buffer) => d.toString().includes("held") && resolve()),
    );
    let error: unknown;
    try {
      acquireDirLock(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe("DATADIR_LOCKED");
    expect((error as StoreError).messageZh).toContain("数据目录正被其他进程使用");
    expect((error as StoreError).messageZh).toContain(String(holder.pid));
    holder.kill("SIGKILL");
    await new Promise((resolve) => holder.on("exit", resolve));
    // kill -9 ran no exit hook: the lock file is still there, but its process is dead.
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    acquireDirLock(dir).release();
  });

  it("takes over a stale lock left by a dead process", () => {
    const dir = join(root, "c");
    mkdirSync(dir);
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
    const deadPid = Number(dead.stdout.trim());
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid, host: hostname(), startedAt: "x" }));
    const lock = acquireDirLock(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8")).pid).toBe(process.pid);
    lock.release();
    // A lock file cut short by a crash (empty) is stale as well.
    writeFileSync(join(dir, LOCK_FILE), "");
    acquireDirLock(dir).release();
  });

  it("moves a half-initialised database aside instead of deleting it", async () => {
    const dataDir = join(root, "d");
    mkdirSync(join(dataDir, "pg"), { recursive: true });
    writeFileSync(join(dataDir, "pg", "PG_VERSION"), "17\n");
    const store = await openStore({ dataDir, migrate: false });
    await store.close();
    const aside = readdirSync(dataDir).filter((f) => f.startsWith("pg.partial-"));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dataDir, aside[0]!, "PG_VERSION"), "utf8")).toBe("17\n");
    expect(store.warnings.join()).toContain("未删除");
  });
});

describe("PostgreSQL from DATABASE_URL", () => {
  it("is chosen when DATABASE_URL is set and reports an unreachable server clearly", async () => {
    const schema = freshSchema();
    const store = await openStore({ env: { DATABASE_URL: PG_URL, LUOSHI_DB_SCHEMA: schema } });
    expect(store.backend).toBe("postgres");
    expect(store.schema).toBe(schema);
    await sql.raw(`DROP SCHEMA "${schema}" CASCADE`).execute(store.db);
    await store.close();
    await expect(openStore({ databaseUrl: "postgresql://postgres@127.0.0.1:1/none" })).rejects.toMatchObject({
      code: "DATABASE_UNREACHABLE",
    });
  });
});
