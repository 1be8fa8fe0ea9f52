/**
 * Load benchmark of the HTTP server: N department users log in (phase 1, spread over a ramp), then
 * all work at once (phase 2) — list their tasks, open one, list documents, search, look at
 * themselves, rename themselves (a write), log out — while a few supervisors upload documents. The server runs in a child process on 127.0.0.1 (so the
 * simulated users do not share its event loop); the same run is made against PostgreSQL and
 * PGlite. Reports p50/p95/p99 latency of the API calls (logins separately: argon2 is deliberately
 * slow), throughput, errors, and checks that no acknowledged write was lost (audit rows, final
 * values, documents) and that the audit chain verifies.
 *
 * Target on the 2-core development machine, PostgreSQL: 500 users, p99 ≤ 200 ms, 0 errors, 0 lost.
 *
 * Run: npm run bench:load
 * Env: BENCH_USERS (500), BENCH_ROUNDS (calls per user after login, 12), BENCH_THINK_MS (mean
 *      think time between a user's calls, 1000), BENCH_RAMP_MS (login phase, 20000), BENCH_UPLOADERS
 *      (3), BENCH_UPLOADS (documents per uploader, 4), BENCH_DOCS (seeded documents, 40),
 *      BENCH_TASKS (tasks per seeded document, 50), BENCH_BACKENDS ("postgres,pglite"),
 *      BENCH_DATABASE_URL (postgresql://postgres@127.0.0.1:5432/test), BENCH_KEEP=1 keeps the
 *      PostgreSQL schema, BENCH_PROFILE=dir writes a CPU profile of the server process.
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { importDocument } from "../src/import/index.js";
import { hashPassword } from "../src/server/auth/passwords.js";
import { normalizeUsername } from "../src/server/services/accounts.js";
import { DEFAULT_SETTINGS, resolveSettings, startServer, verifyAudit } from "../src/server/index.js";
import { ensureRegion, loadRegistry, openStore, type Backend, type Store } from "../src/store/index.js";
import { BENCH_UNITS, mulberry32, percentile } from "./shared.js";

const USERS = Number(process.env.BENCH_USERS ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1000);
const RAMP_MS = Number(process.env.BENCH_RAMP_MS ?? 20_000);
const UPLOADERS = Number(process.env.BENCH_UPLOADERS ?? 3);
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 4);
const DOCS = Number(process.env.BENCH_DOCS ?? 40);
const TASKS = Number(process.env.BENCH_TASKS ?? 50);
const BACKENDS = (process.env.BENCH_BACKENDS ?? "postgres,pglite")
  .split(",")
  .map((b) => b.trim()) as Backend[];
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const REGION = "load";
const PASSWORD = "Bench-Load-2025!";

const UNITS = BENCH_UNITS;
const WORDS = [
  "道路",
  "教育",
  "医疗",
  "产业",
  "生态",
  "乡村",
  "就业",
  "养老",
  "水利",
  "文化",
  "安全",
  "数字",
];

/** A policy document with `TASKS` tasks, each with a lead and two co units. */
function documentText(i: number, tasks = TASKS): string {
  const random = mulberry32(i + 11);
  const lines = [`关于印发第${i + 1}号重点工作落实方案的通知`, `某府办发〔2025〕${i + 1}号`, "一、重点任务"];
  for (let k = 0; k < tasks; k++) {
    const pick = () => UNITS[Math.floor(random() * UNITS.length)]!;
    const word = WORDS[Math.floor(random() * WORDS.length)]!;
    lines.push(
      `（${k + 1}）推进${word}领域第${i + 1}-${k + 1}项工作。（牵头单位：区${pick()}；配合单位：区${pick()}、区${pick()}）`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Where a run's data lives, so the server process can open the same store. */
type Target = { backend: "postgres"; url: string; schema: string } | { backend: "pglite"; dataDir: string };

function openTarget(target: Target): Promise<Store> {
  return target.backend === "postgres"
    ? openStore({ databaseUrl: target.url, schema: target.schema })
    : openStore({ dataDir: target.dataDir, env: {} });
}

// ---------------------------------------------------------------- the server process

/** Child mode: serve the store named in argv until told to stop. */
async function serveChild(target: Target): Promise<void> {
  const store = await openTarget(target);
  // The simulated departments sit behind one loopback address; a trusted proxy header gives each
  // its own, as 500 offices would have (the per-IP auth limit is 100 a minute).
  const settings = resolveSettings({ trustProxy: true }, {});
  const server = await startServer({
    store,
    settings,
    port: 0,
    host: "127.0.0.1",
    regionId: REGION,
    log: { info: () => {}, error: (m, f) => console.error(m, f) },
  });
  // How late the server's event loop ran: the part of the latency that is the server's own CPU.
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  process.send!({ url: server.url });
  process.on("message", async (message) => {
    if (message !== "stop") return;
    delay.disable();
    const ms = (ns: number) => (ns / 1e6).toFixed(0);
    const cpu = process.cpuUsage();
    console.log(
      `  服务器事件循环延迟：p50 ${ms(delay.percentile(50))} ms · p99 ${ms(delay.percentile(99))} ms · 最大 ${ms(delay.max)} ms；服务器进程 CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`,
    );
    await server.close();
    await store.close();
    process.exit(0);
  });
}

// ---------------------------------------------------------------- the simulated users

interface Sample {
  kind: string;
  ms: number;
  status: number;
}

class Recorder {
  readonly samples: Sample[] = [];
  readonly logins: number[] = [];
  errors: string[] = [];
  renames = new Map<string, string>(); // username → last acknowledged display name
  renameCount = 0;
  logoutCount = 0;
  uploadCount = 0;
}

async function timed(
  rec: Recorder,
  kind: string,
  run: () => Promise<Response>,
): Promise<Response | undefined> {
  const started = performance.now();
  try {
    const res = await run();
    const ms = performance.now() - started;
    if (kind === "login") rec.logins.push(ms);
    else rec.samples.push({ kind, ms, status: res.status });
    if (res.status >= 400) rec.errors.push(`${kind} ${res.status} ${(await res.text()).slice(0, 200)}`);
    return res;
  } catch (error) {
    rec.errors.push(`${kind} ${(error as Error).message}`);
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A signed-in simulated user. */
interface Session {
  username: string;
  index: number;
  ip: string;
  cookie: string;
}

/** Phase 1: log in, spread over the ramp (a morning's logins, compressed). */
async function signIn(
  url: string,
  rec: Recorder,
  username: string,
  index: number,
  at: number,
  ip: string,
): Promise<Session | null> {
  await sleep(at);
  const res = await timed(rec, "login", () =>
    fetch(`${url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": ip },
      body: JSON.stringify({ username, password: PASSWORD }),
      signal: AbortSignal.timeout(60_000),
    }),
  );
  if (!res || res.status !== 200) return null;
  await res.arrayBuffer();
  return { username, index, ip, cookie: res.headers.getSetCookie()[0]!.split(";")[0]! };
}

/** Phase 2: a department at work — its tasks, one task, documents, search, itself, a rename — then logout. */
async function department(url: string, rec: Recorder, session: Session): Promise<void> {
  const random = mulberry32(1000 + session.index);
  const headers = { cookie: session.cookie, "x-forwarded-for": session.ip };
  let taskIds: string[] = [];
  // Users are already mid-session: the first call comes anywhere within one think time.
  await sleep(THINK_MS * 2 * random());
  for (let round = 0; round < ROUNDS; round++) {
    if (round > 0) await sleep(THINK_MS * (0.5 + random()));
    const pick = round % 6;
    const get = (kind: string, path: string) =>
      timed(rec, kind, () => fetch(`${url}${path}`, { headers, signal: AbortSignal.timeout(30_000) }));
    let res: Response | undefined;
    if (pick === 0) {
      res = await get("tasks.list", "/api/tasks?limit=20");
      if (res?.ok) taskIds = ((await res.json()) as { data: { id: string }[] }).data.map((t) => t.id);
    } else if (pick === 1 && taskIds.length > 0) {
      res = await get("tasks.get", `/api/tasks/${taskIds[Math.floor(random() * taskIds.length)]}`);
    } else if (pick === 2) {
      res = await get("documents.list", "/api/documents?limit=20");
    } else if (pick === 3) {
      res = await get(
        "search",
        `/api/search?q=${encodeURIComponent(WORDS[Math.floor(random() * WORDS.length)]!)}`,
      );
    } else if (pick === 4) {
      res = await get("me", "/api/auth/me");
    } else if (pick === 5) {
      const name = `部门用户${session.index}-${round}`;
      res = await timed(rec, "me.update", () =>
        fetch(`${url}/api/auth/me`, {
          method: "PATCH",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify({ displayName: name }),
          signal: AbortSignal.timeout(30_000),
        }),
      );
      if (res?.ok) {
        rec.renames.set(session.username, name);
        rec.renameCount++;
      }
    }
    if (res && !res.bodyUsed) await res.arrayBuffer();
  }
  const out = await timed(rec, "logout", () =>
    fetch(`${url}/api/auth/logout`, { method: "POST", headers, signal: AbortSignal.timeout(30_000) }),
  );
  if (out?.ok) rec.logoutCount++;
  await out?.arrayBuffer();
}

/** Phase 2 for a supervisor: uploads, a worker per file. */
async function uploader(url: string, rec: Recorder, session: Session): Promise<void> {
  for (let k = 0; k < UPLOADS; k++) {
    await sleep(THINK_MS * 2);
    const form = new FormData();
    const text = documentText(100_000 + session.index * 100 + k, 30);
    form.set("file", new File([text], `upload-${session.index}-${k}.txt`, { type: "text/plain" }));
    const res = await timed(rec, "documents.upload", () =>
      fetch(`${url}/api/documents`, {
        method: "POST",
        headers: { cookie: session.cookie, "x-forwarded-for": session.ip },
        body: form,
        signal: AbortSignal.timeout(60_000),
      }),
    );
    if (res?.status === 201) rec.uploadCount++;
    await res?.arrayBuffer();
  }
}

// ---------------------------------------------------------------- one backend

async function seed(store: Store): Promise<{ reporters: string[]; supervisors: string[] }> {
  await ensureRegion(store.db, REGION);
  const registry = await loadRegistry(store.db, REGION);
  for (let i = 0; i < DOCS; i++) {
    await importDocument(
      store.db,
      { bytes: Buffer.from(documentText(i)), filename: `seed-${i}.txt`, regionId: REGION },
      { registry },
    );
  }
  const units = await store.db
    .selectFrom("units")
    .select("id")
    .where("region_id", "=", REGION)
    .orderBy("canonical_name")
    .execute();
  // One hash for all: the same password, and 500 argon2 runs would only slow the set-up.
  const hash = await hashPassword(PASSWORD, DEFAULT_SETTINGS.argon2);
  const now = new Date();
  const row = (username: string, role: "reporter" | "supervisor", unitId: string | null) => ({
    region_id: REGION,
    id: randomUUID(),
    username,
    username_norm: normalizeUsername(username),
    display_name: username,
    role,
    unit_id: unitId,
    password_hash: hash,
    password_changed_at: now,
    must_change_password: false,
    mfa_required: false,
    totp_secret: null,
    totp_pending_secret: null,
    totp_last_step: null,
    disabled_at: null,
    last_login_at: null,
  });
  const reporters = Array.from({ length: USERS }, (_, i) => `dept${String(i).padStart(4, "0")}`);
  const supervisors = Array.from({ length: UPLOADERS }, (_, i) => `duchashi${i}`);
  const rows = [
    ...reporters.map((u, i) => row(u, "reporter", units[i % units.length]!.id)),
    ...supervisors.map((u) => row(u, "supervisor", null)),
  ];
  for (let i = 0; i < rows.length; i += 200)
    await store.db
      .insertInto("users")
      .values(rows.slice(i, i + 200))
      .execute();
  // A bulk load leaves the planner without statistics until autovacuum runs (it is off on the test
  // server); a database in service has them.
  await sql`ANALYZE`.execute(store.db);
  return { reporters, supervisors };
}

function startChild(target: Target): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(fileURLToPath(import.meta.url), ["--serve", JSON.stringify(target)], {
    // BENCH_PROFILE=dir writes a CPU profile of the server process there.
    execArgv: process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", (m) => resolve({ child, url: (m as { url: string }).url }));
    child.once("exit", (code) => reject(new Error(`server exited ${code}`)));
  });
}

async function runBackend(backend: Backend): Promise<void> {
  const target: Target =
    backend === "postgres"
      ? { backend, url: PG_URL, schema: `bench_load_${Date.now()}` }
      : { backend, dataDir: mkdtempSync(join(tmpdir(), "luoshi-load-")) };
  console.log(
    `\n== ${backend}: ${USERS} 个部门用户 + ${UPLOADERS} 个督查室上传者，每人 ${ROUNDS} 次调用，思考时间约 ${THINK_MS} ms`,
  );
  let store = await openTarget(target);
  const t0 = performance.now();
  const { reporters, supervisors } = await seed(store);
  const docsBefore = Number(
    (
      await store.db
        .selectFrom("documents")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const tasks = Number(
    (
      await store.db
        .selectFrom("tasks")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
  console.log(
    `  准备：${docsBefore} 份文件、${tasks} 项任务、${reporters.length + supervisors.length} 个账户（${((performance.now() - t0) / 1000).toFixed(1)} s）`,
  );
  // PGlite allows one process on its directory: the server takes it over.
  if (backend === "pglite") await store.close();

  const { child, url } = await startChild(target);
  const rec = new Recorder();
  const loginStarted = performance.now();
  const ipOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const signedIn = await Promise.all([
    ...reporters.map((u, i) => signIn(url, rec, u, i, (RAMP_MS * i) / USERS, ipOf(i))),
    ...supervisors.map((u, i) =>
      signIn(url, rec, u, i, (RAMP_MS * i) / Math.max(1, supervisors.length), `10.250.0.${i}`),
    ),
  ]);
  const loginElapsed = (performance.now() - loginStarted) / 1000;
  const started = performance.now();
  await Promise.all(
    signedIn.map((session, i) =>
      session === null
        ? undefined
        : i < reporters.length
          ? department(url, rec, session)
          : uploader(url, rec, session),
    ),
  );
  const elapsed = (performance.now() - started) / 1000;
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");
  child.send("stop");
  await new Promise((resolve) => child.once("exit", resolve));

  if (backend === "pglite") store = await openTarget(target);
  try {
    const count = async (action: string) =>
      Number(
        (
          await store.db
            .selectFrom("audit_log")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("action", "=", action)
            .where("outcome", "=", "success")
            .executeTakeFirstOrThrow()
        ).n,
      );
    const renamesAudited = await count("account.update");
    const loginsAudited = await count("login");
    const logoutsAudited = await count("logout");
    const uploadsAudited = await count("document.upload");
    const names = await store.db
      .selectFrom("users")
      .select(["username", "display_name"])
      .where("region_id", "=", REGION)
      .execute();
    const finalName = new Map(names.map((n) => [n.username, n.display_name]));
    let lost = 0;
    for (const [user, name] of rec.renames) if (finalName.get(user) !== name) lost++;
    if (renamesAudited !== rec.renameCount) lost += Math.abs(renamesAudited - rec.renameCount);
    if (logoutsAudited !== rec.logoutCount) lost += Math.abs(logoutsAudited - rec.logoutCount);
    if (loginsAudited !== rec.logins.length - rec.errors.filter((e) => e.startsWith("login")).length) lost++;
    const docsAfter = Number(
      (
        await store.db
          .selectFrom("documents")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
    if (docsAfter - docsBefore !== rec.uploadCount || uploadsAudited !== rec.uploadCount) lost++;
    const chain = await verifyAudit(store.db);

    // The headline figures are the departments' calls; uploads (a worker per file) are listed apart.
    const api = rec.samples
      .filter((s) => s.kind !== "documents.upload")
      .map((s) => s.ms)
      .sort((a, b) => a - b);
    const logins = [...rec.logins].sort((a, b) => a - b);
    const byKind = new Map<string, number[]>();
    for (const s of rec.samples) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s.ms]);
    const total = rec.samples.length;
    console.log(
      `  登录阶段 ${rec.logins.length} 次，${loginElapsed.toFixed(1)} s；工作阶段 ${total} 次请求，${elapsed.toFixed(1)} s，吞吐 ${(total / elapsed).toFixed(0)} 次/s`,
    );
    console.log(
      `  部门 API 调用（不含登录、上传）${api.length} 次：p50 ${percentile(api, 50).toFixed(1)} ms · p95 ${percentile(api, 95).toFixed(1)} ms · p99 ${percentile(api, 99).toFixed(1)} ms · 最大 ${api.at(-1)?.toFixed(1)} ms`,
    );
    console.log(
      `  登录 ${logins.length} 次（argon2id 19 MiB × 2）：p50 ${percentile(logins, 50).toFixed(0)} ms · p99 ${percentile(logins, 99).toFixed(0)} ms`,
    );
    for (const [kind, times] of [...byKind].sort()) {
      const sorted = times.sort((a, b) => a - b);
      console.log(
        `    ${kind.padEnd(18)} n=${String(sorted.length).padStart(5)}  p50 ${percentile(sorted, 50).toFixed(1).padStart(6)}  p99 ${percentile(sorted, 99).toFixed(1).padStart(7)} ms`,
      );
    }
    console.log(`  本机负载（1/5/15 分钟平均，2 核）：${load}`);
    console.log(
      `  错误 ${rec.errors.length}${rec.errors.length ? `：${rec.errors.slice(0, 3).join(" | ")}` : ""}`,
    );
    console.log(
      `  写入核对：改名 ${rec.renameCount}（审计 ${renamesAudited}）· 登录 ${loginsAudited} · 退出 ${rec.logoutCount}（审计 ${logoutsAudited}）· 上传 ${rec.uploadCount}（新文件 ${docsAfter - docsBefore}，审计 ${uploadsAudited}）→ 丢失 ${lost}`,
    );
    console.log(`  审计链：${chain.ok ? `完整（${chain.rows} 条）` : `断裂于序号 ${chain.firstBad?.seq}`}`);
    const p99 = percentile(api, 99);
    const met = backend !== "postgres" || (p99 <= 200 && rec.errors.length === 0 && lost === 0 && chain.ok);
    console.log(
      `  | ${new Date().toISOString().slice(0, 10)} | ${backend} | ${USERS}+${UPLOADERS} | ${api.length} | ${(total / elapsed).toFixed(0)}/s | ${percentile(api, 50).toFixed(1)} | ${percentile(api, 95).toFixed(1)} | ${p99.toFixed(1)} | ${percentile(logins, 50).toFixed(0)} / ${percentile(logins, 99).toFixed(0)} | ${rec.errors.length} | ${lost} | ${backend === "postgres" ? (met ? "met" : "missed") : "—"} |`,
    );
    if (!met) process.exitCode = 1;
  } finally {
    if (target.backend === "postgres" && process.env.BENCH_KEEP !== "1") {
      await sql.raw(`DROP SCHEMA "${target.schema}" CASCADE`).execute(store.db);
    }
    await store.close();
    if (target.backend === "pglite") rmSync(target.dataDir, { recursive: true, force: true });
  }
}

const serveIndex = process.argv.indexOf("--serve");
if (serveIndex >= 0) {
  await serveChild(JSON.parse(process.argv[serveIndex + 1]!) as Target);
} else {
  for (const backend of BACKENDS) await runBackend(backend);
}
