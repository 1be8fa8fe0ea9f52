/**
 * Store benchmark: import throughput and search latency on PGlite and PostgreSQL, over a corpus
 * generated from examples/corpus (numbers, units and 文号 varied per copy, so every document is
 * distinct bytes and parses into its own tasks). Targets: import ≥ 50 documents/s on PostgreSQL;
 * search p95 ≤ 50 ms over ≥ 100,000 tasks.
 *
 * The first BENCH_IMPORT_DOCS documents go through `importDocument` and time the import; the
 * ledger is then filled up to BENCH_DOCS documents by copying those rows in SQL (documents,
 * tasks, assignments, indicators with their search vectors, under new ids), so the search figures
 * are over the full size without an hour of importing on a small machine.
 *
 * Run: npm run bench:store
 * Env: BENCH_DOCS (default 10000), BENCH_IMPORT_DOCS (default 1000), BENCH_BACKENDS (default "postgres,pglite"),
 *      BENCH_CONCURRENCY (documents in flight on PostgreSQL, default 4; PGlite is always 1),
 *      BENCH_SEARCHES (default 300), BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test),
 *      BENCH_KEEP=1 to keep the data (PostgreSQL schema / PGlite directory) afterwards.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { importDocument } from "../src/import/index.js";
import { ingest, toParseFacts } from "../src/ingest/index.js";
import { parse } from "../src/parse/index.js";
import {
  loadRegistry,
  openStore,
  search,
  type Backend,
  type SearchOptions,
  type Store,
} from "../src/store/index.js";
import { availableParallelism } from "node:os";
import { createImportReaders, defaultImportLanes } from "../src/server/parse-runner.js";
import { findPackageRoot } from "./root.js";
import { BENCH_UNITS, mulberry32, percentile } from "./shared.js";

const DOCS = Number(process.env.BENCH_DOCS ?? 10_000);
const IMPORT_DOCS = Math.min(DOCS, Number(process.env.BENCH_IMPORT_DOCS ?? 1000));
const BACKENDS = (process.env.BENCH_BACKENDS ?? "postgres,pglite")
  .split(",")
  .map((b) => b.trim()) as Backend[];
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 300);
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const KEEP = process.env.BENCH_KEEP === "1";
const WORKERS = process.env.BENCH_WORKERS ?? "auto";
const REGION = "bench";

const UNITS = BENCH_UNITS;
const UNIT_PATTERN = new RegExp(UNITS.map((u) => u.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");

const corpusDir = join(findPackageRoot(), "examples", "corpus");
const bases = readdirSync(corpusDir)
  .filter((f) => f.endsWith(".txt"))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(corpusDir, f), "utf8") }));

/** Document `i` of the generated corpus. */
function generate(i: number): { filename: string; bytes: Uint8Array } {
  const random = mulberry32(i + 1);
  const base = bases[i % bases.length]!;
  const permuted = [...UNITS].sort(() => random() - 0.5);
  const swap = new Map(UNITS.map((u, k) => [u, permuted[k]!]));
  const year = 2015 + Math.floor(random() * 10);
  const text = base.text
    .replace(UNIT_PATTERN, (u) => swap.get(u) ?? u)
    .replace(/〔(\d{4})〕(\d+)号/g, () => `〔${year}〕${1 + Math.floor(random() * 300)}号`)
    .replace(/\d+/g, (digits) => {
      if (/^(?:19|20)\d\d$/.test(digits)) return digits; // years stay years
      let out = String(1 + Math.floor(random() * 9));
      for (let k = 1; k < digits.length; k++) out += String(Math.floor(random() * 10));
      return out;
    });
  return {
    filename: `${String(i).padStart(5, "0")}-${base.name}`,
    bytes: Buffer.from(`${text}\n（生成副本 ${i}）\n`, "utf8"),
  };
}

const QUERIES = [
  "乡村振兴 交通",
  "民族团结",
  "基础设施 建设",
  "教育",
  "森林覆盖率",
  "产业 发展",
  "生态 保护",
  "脱贫 攻坚",
  "公共服务",
  "少数民族 文化",
  "农村 饮水 安全",
  "医疗 卫生",
  "社会 保障",
  "旅游",
  "人才 培养",
  "城乡 融合",
  "数字 乡村",
  "双语 教育",
  "特色 产业 发展",
  "地区生产总值",
];

async function openBench(backend: Backend): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  if (backend === "postgres") {
    const schema = `bench_${Date.now()}`;
    const store = await openStore({ databaseUrl: PG_URL, schema });
    return {
      store,
      cleanup: async () => {
        if (!KEEP) await sql.raw(`DROP SCHEMA "${schema}" CASCADE`).execute(store.db);
        await store.close();
        if (KEEP) console.log(`  数据保留在 PostgreSQL 模式 ${schema}`);
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), "luoshi-bench-"));
  const store = await openStore({ dataDir, env: {} });
  return {
    store,
    cleanup: async () => {
      await store.close();
      if (KEEP) console.log(`  数据保留在 ${dataDir}`);
      else rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function timeSearches(store: Store, extra: Partial<SearchOptions>, units: string[]): Promise<number[]> {
  const times: number[] = [];
  for (let k = 0; k < SEARCHES; k++) {
    const options: SearchOptions = {
      regionId: REGION,
      query: QUERIES[k % QUERIES.length]!,
      limit: 20,
      ...extra,
    };
    if (extra.unit === "*") options.unit = units[k % units.length]!;
    const started = performance.now();
    await search(store.db, options);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

/**
 * Baseline for the import figure, measured in the same run: ingest + parse alone (no units, no
 * search tokens, no database) over the first documents of the generated corpus, in documents/s.
 * An import can never beat it; the ratio says how much the store adds.
 */
async function parseOnlyRate(count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const { filename, bytes } = generate(i);
    const ingested = await ingest(bytes, { filename });
    parse(ingested.text, { facts: toParseFacts(ingested.facts) });
  }
  return count / ((performance.now() - started) / 1000);
}

/**
 * CPU time (ms) used so far by the local PostgreSQL server's processes, backends and background
 * workers alike, read from /proc; undefined where there is no /proc or no local server. With the
 * import process's own CPU it shows how the machine's cores were spent.
 */
function postgresCpuMs(): number | undefined {
  if (!existsSync("/proc/self/stat")) return undefined;
  let ticks = 0;
  let found = false;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // the process ended meanwhile
    }
    if (!stat.includes("(postgres)")) continue;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11]) + Number(fields[12]); // utime + stime
    found = true;
  }
  // Clock ticks are 1/100 s on Linux (sysconf(_SC_CLK_TCK) = 100 on every mainstream build).
  return found ? ticks * 10 : undefined;
}

/** Columns of a table in the schema in use, in order. */
async function columnsOf(store: Store, table: string): Promise<string[]> {
  const rows = await sql<{ column_name: string }>`
    SELECT column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY ordinal_position`.execute(
    store.db,
  );
  return rows.rows.map((r) => r.column_name);
}

/**
 * Copies the imported documents (with tasks, assignments and indicators) under new ids until the
 * region holds `target` documents; returns the number of copies made. Each round copies every
 * original once, so copies keep the originals' mix of small notices and long plans.
 */
async function fillByCopies(store: Store, target: number): Promise<number> {
  const count = async () =>
    Number(
      (
        await store.db
          .selectFrom("documents")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("region_id", "=", REGION)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const originals = await count();
  let have = originals;
  const cols = {
    documents: await columnsOf(store, "documents"),
    tasks: await columnsOf(store, "tasks"),
    assignments: await columnsOf(store, "assignments"),
    indicators: await columnsOf(store, "indicators"),
  };
  const list = (table: keyof typeof cols, replace: Record<string, string>) =>
    sql.raw(cols[table].map((c) => replace[c] ?? `x.${c}`).join(", "));
  const names = (table: keyof typeof cols) => sql.raw(cols[table].join(", "));
  for (let round = 1; have < target; round++) {
    const batch = Math.min(originals, target - have);
    await store.db.transaction().execute(async (trx) => {
      await sql`CREATE TEMP TABLE doc_map ON COMMIT DROP AS
        SELECT id AS old_id, gen_random_uuid() AS new_id FROM documents
        WHERE region_id = ${REGION} AND sha256 NOT LIKE '%-copy%' ORDER BY id LIMIT ${batch}`.execute(trx);
      await sql`CREATE TEMP TABLE task_map ON COMMIT DROP AS
        SELECT t.id AS old_id, gen_random_uuid() AS new_id FROM tasks t JOIN doc_map m ON t.document_id = m.old_id
        WHERE t.region_id = ${REGION}`.execute(trx);
      await sql`INSERT INTO documents (${names("documents")})
        SELECT ${list("documents", { id: "m.new_id", sha256: `x.sha256 || '-copy${round}'` })}
        FROM documents x JOIN doc_map m ON x.id = m.old_id WHERE x.region_id = ${REGION}`.execute(trx);
      await sql`INSERT INTO tasks (${names("tasks")})
        SELECT ${list("tasks", { id: "tm.new_id", document_id: "m.new_id" })}
        FROM tasks x JOIN task_map tm ON x.id = tm.old_id JOIN doc_map m ON x.document_id = m.old_id
        WHERE x.region_id = ${REGION}`.execute(trx);
      await sql`INSERT INTO assignments (${names("assignments")})
        SELECT ${list("assignments", { id: "gen_random_uuid()", task_id: "tm.new_id", document_id: "m.new_id" })}
        FROM assignments x JOIN task_map tm ON x.task_id = tm.old_id JOIN doc_map m ON x.document_id = m.old_id
        WHERE x.region_id = ${REGION}`.execute(trx);
      await sql`INSERT INTO indicators (${names("indicators")})
        SELECT ${list("indicators", { id: "gen_random_uuid()", document_id: "m.new_id" })}
        FROM indicators x JOIN doc_map m ON x.document_id = m.old_id WHERE x.region_id = ${REGION}`.execute(
        trx,
      );
    });
    have += batch;
  }
  return have - originals;
}

/** Baseline for search latency: a primary-key lookup of one task, the cheapest query there is. */
async function timeLookups(store: Store, ids: string[]): Promise<number[]> {
  const times: number[] = [];
  for (let k = 0; k < SEARCHES; k++) {
    const started = performance.now();
    await store.db
      .selectFrom("tasks")
      .select(["id", "text"])
      .where("region_id", "=", REGION)
      .where("id", "=", ids[k % ids.length]!)
      .executeTakeFirst();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

async function runBackend(backend: Backend): Promise<void> {
  const { store, cleanup } = await openBench(backend);
  try {
    const registry = await loadRegistry(store.db, REGION);
    // As `luoshi import` does: documents read in worker threads where there are cores to spare
    // (BENCH_WORKERS=1 forces them, 0 forbids them).
    const cores = WORKERS === "auto" ? availableParallelism() : WORKERS === "1" ? 1_000 : 1;
    const inFlight = backend === "postgres" ? Math.max(1, CONCURRENCY) : defaultImportLanes(backend, cores);
    const readers = createImportReaders(inFlight, cores);
    let next = 0;
    let failed = 0;
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const serverCpuBefore = backend === "postgres" ? postgresCpuMs() : undefined;
    let lastReport = started;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= IMPORT_DOCS) return;
        const { filename, bytes } = generate(i);
        try {
          await importDocument(
            store.db,
            { bytes, filename, regionId: REGION },
            { registry, ...(readers ? { read: readers.read } : {}) },
          );
        } catch (error) {
          failed++;
          if (failed <= 3) console.error(`  ${filename}: ${(error as Error).message}`);
        }
        const now = performance.now();
        if (now - lastReport > 10_000) {
          lastReport = now;
          console.log(
            `  … ${i + 1}/${IMPORT_DOCS}，${((i + 1) / ((now - started) / 1000)).toFixed(1)} 份/秒`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const serverCpuAfter = serverCpuBefore === undefined ? undefined : postgresCpuMs();
    await readers?.close();
    const cpuMsPerDoc = (cpu.user + cpu.system) / 1000 / IMPORT_DOCS;
    const fillStarted = performance.now();
    const copies = await fillByCopies(store, DOCS);
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    const count = async (table: "documents" | "tasks" | "assignments" | "indicators") =>
      Number(
        (
          await store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const [documents, tasks, assignments, indicators] = await Promise.all([
      count("documents"),
      count("tasks"),
      count("assignments"),
      count("indicators"),
    ]);
    await sql`ANALYZE`.execute(store.db);
    const units = ["区发改委", "区财政局", "区教委", "区卫生健康委", "区民政局", "区委统战部"];
    const warm = await timeSearches(store, { kinds: ["task"] }, units); // warm caches, also measured
    const taskOnly = await timeSearches(store, { kinds: ["task"] }, units);
    const withUnit = await timeSearches(store, { kinds: ["task"], unit: "*" }, units);
    const withYear = await timeSearches(store, { kinds: ["task"], year: 2020 }, units);
    const all = await timeSearches(store, {}, units);
    void warm;
    const sampleIds = (
      await store.db.selectFrom("tasks").select("id").where("region_id", "=", REGION).limit(500).execute()
    ).map((r) => r.id);
    const lookups = await timeLookups(store, sampleIds);
    const row = (label: string, t: number[]) =>
      `| ${backend} | ${label} | ${percentile(t, 50).toFixed(1)} | ${percentile(t, 95).toFixed(1)} | ${t.length} |`;
    console.log(`\n### ${backend}`);
    console.log(
      `导入：${documents} 份文件（失败 ${failed}），任务 ${tasks}，分工 ${assignments}，指标 ${indicators}；` +
        `其中导入 ${IMPORT_DOCS} 份用时 ${seconds.toFixed(1)} 秒，${(IMPORT_DOCS / seconds).toFixed(1)} 份/秒（并发 ${inFlight}，${readers ? "工作线程读取" : "主线程读取"}）；` +
        `其余 ${copies} 份为 SQL 复制（${fillSeconds.toFixed(1)} 秒）`,
    );
    console.log(
      `导入进程 CPU ${cpuMsPerDoc.toFixed(1)} 毫秒/份（${backend === "pglite" ? "含嵌入式数据库" : "不含数据库服务器"}）；` +
        `墙钟 ${((seconds * 1000) / IMPORT_DOCS).toFixed(1)} 毫秒/份` +
        (serverCpuAfter !== undefined && serverCpuBefore !== undefined
          ? `；本机 PostgreSQL 进程 CPU ${((serverCpuAfter - serverCpuBefore) / IMPORT_DOCS).toFixed(1)} 毫秒/份`
          : ""),
    );
    console.log(
      `基线（同一次运行）：仅解析 ${PARSE_ONLY_RATE.toFixed(1)} 份/秒；导入为其 ${((IMPORT_DOCS / seconds / PARSE_ONLY_RATE) * 100).toFixed(0)}%`,
    );
    console.log("| backend | search | p50 ms | p95 ms | queries |\n|---|---|---|---|---|");
    console.log(row("baseline: one task by primary key", lookups));
    console.log(row("tasks", taskOnly));
    console.log(row("tasks + unit filter", withUnit));
    console.log(row("tasks + year filter", withYear));
    console.log(row("tasks + indicators + documents", all));
  } finally {
    await cleanup();
  }
}

console.log(
  `Store benchmark: ${DOCS} documents generated from ${bases.length} corpus texts; backends ${BACKENDS.join(", ")}`,
);
const PARSE_ONLY_RATE = await parseOnlyRate(Math.min(DOCS, 300));
for (const backend of BACKENDS) await runBackend(backend);
