/**
 * Test harness for the server: an app over a fresh schema on either backend, a fake clock, cheap
 * argon2, and factories for regions, users, sessions and documents. Requests go in-process through
 * `app.request(new Request(...))`.
 */
import { randomUUID } from "node:crypto";
import { importDocument } from "../../src/import/index.js";
import { createSession } from "../../src/server/auth/sessions.js";
import { hashPassword } from "../../src/server/auth/passwords.js";
import {
  createApp,
  FakeClock,
  inlineParser,
  resolveSettings,
  type ParseRunner,
  type SettingsOverride,
} from "../../src/server/index.js";
import type { Logger } from "../../src/server/context.js";
import { normalizeUsername } from "../../src/server/services/accounts.js";
import { ensureRegion, type Backend, type UserRole } from "../../src/store/index.js";
import { openTestStore, type TestStore } from "../store/helpers.js";

export { backends, PG_URL } from "../store/helpers.js";

/** argon2 at its cheapest: tests hash hundreds of passwords; production uses OWASP's minimum. */
export const TEST_ARGON2 = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

/** The moment every test clock starts at (a Saturday morning in Beijing). */
export const T0 = new Date("2025-03-01T01:00:00.000Z");

/** A logger that keeps what it was told, to check that nothing secret is logged. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message, fields) => lines.push(JSON.stringify({ message, ...fields })),
    error: (message, fields) => lines.push(JSON.stringify({ message, ...fields })),
  };
}

/** A server under test. */
export interface TestServer {
  store: TestStore;
  app: ReturnType<typeof createApp>;
  clock: FakeClock;
  log: ReturnType<typeof memoryLogger>;
  settings: ReturnType<typeof resolveSettings>;
  dispose(): Promise<void>;
}

/** Options of `buildServer`. */
export interface BuildOptions {
  settings?: SettingsOverride;
  parser?: ParseRunner;
  start?: Date;
}

/** An app over a fresh schema; trusts X-Forwarded-For so tests can play several client IPs. */
export async function buildServer(backend: Backend, options: BuildOptions = {}): Promise<TestServer> {
  const store = await openTestStore(backend);
  const clock = new FakeClock(options.start ?? T0);
  const log = memoryLogger();
  const settings = resolveSettings(
    { trustProxy: true, ...options.settings, argon2: { ...TEST_ARGON2, ...options.settings?.argon2 } },
    {},
  );
  const app = createApp({ db: store.db, settings, clock, parser: options.parser ?? inlineParser, log });
  return {
    store,
    app,
    clock,
    log,
    settings,
    dispose: async () => {
      await options.parser?.close();
      await store.dispose();
    },
  };
}

/** What `buildUser` made. */
export interface TestUser {
  id: string;
  username: string;
  password: string;
  role: UserRole;
  regionId: string;
  unitId: string | null;
}

let counter = 0;

/** A fresh, unique username. */
export function uniqueName(prefix = "user"): string {
  counter++;
  return `${prefix}${counter}_${randomUUID().slice(0, 6)}`;
}

/** Creates a region (idempotent). */
export async function buildRegion(server: TestServer, regionId: string): Promise<void> {
  await ensureRegion(server.store.db, regionId);
}

/**
 * Inserts a user directly. By default the password is already changed and MFA is off, so the user
 * can work at once; tests of first login and MFA ask for those states.
 */
export async function buildUser(
  server: TestServer,
  input: {
    role: UserRole;
    regionId?: string;
    unitId?: string | null;
    username?: string;
    password?: string;
    mustChangePassword?: boolean;
    mfaRequired?: boolean | null;
    totpSecret?: string | null;
  },
): Promise<TestUser> {
  const regionId = input.regionId ?? "ra";
  await buildRegion(server, regionId);
  const username = input.username ?? uniqueName(input.role);
  const password = input.password ?? `Pw-${randomUUID().slice(0, 12)}`;
  const id = randomUUID();
  await server.store.db
    .insertInto("users")
    .values({
      region_id: regionId,
      id,
      username,
      username_norm: normalizeUsername(username),
      display_name: `测试${username}`,
      role: input.role,
      unit_id: input.unitId ?? null,
      password_hash: await hashPassword(password, server.settings.argon2),
      password_changed_at: server.clock.now(),
      must_change_password: input.mustChangePassword ?? false,
      mfa_required: input.mfaRequired === undefined ? false : input.mfaRequired,
      totp_secret: input.totpSecret ?? null,
      totp_pending_secret: null,
      totp_last_step: null,
      disabled_at: null,
      last_login_at: null,
    })
    .execute();
  return { id, username, password, role: input.role, regionId, unitId: input.unitId ?? null };
}

/** A session for `user` without going through login (fast; login itself is tested on its own). */
export async function sessionFor(server: TestServer, user: TestUser): Promise<string> {
  const { token } = await createSession(server.store.db, {
    regionId: user.regionId,
    userId: user.id,
    ip: "10.0.0.1",
    userAgent: null,
    at: server.clock.now(),
  });
  return `sid=${token}`;
}

/** Options of `call`. */
export interface CallOptions {
  cookie?: string | undefined;
  json?: unknown;
  body?: RequestInit["body"];
  headers?: Record<string, string>;
  ip?: string;
}

/** One in-process request. JSON bodies get `Content-Type: application/json`. */
export async function call(
  server: TestServer,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("cookie", options.cookie);
  headers.set("x-forwarded-for", options.ip ?? "10.0.0.1");
  let body: RequestInit["body"] | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return server.app.request(
    new Request(`http://localhost${path}`, { method, headers, ...(body !== undefined ? { body } : {}) }),
  );
}

/** The `sid` cookie a response set, as a `Cookie` header value. */
export function cookieFrom(res: Response): string | undefined {
  for (const line of res.headers.getSetCookie()) {
    const match = /^((?:__Host-)?sid)=([^;]*)/.exec(line);
    if (match && match[2]) return `${match[1]}=${match[2]}`;
  }
  return undefined;
}

/** Logs in through the API and returns the session cookie (throws with the body when refused). */
export async function login(
  server: TestServer,
  user: { username: string; password: string },
  totp?: string,
  ip?: string,
): Promise<string> {
  const res = await call(server, "POST", "/api/auth/login", {
    json: { username: user.username, password: user.password, ...(totp ? { totp } : {}) },
    ...(ip ? { ip } : {}),
  });
  if (res.status !== 200) throw new Error(`login ${res.status}: ${await res.text()}`);
  return cookieFrom(res)!;
}

/** A policy document with three tasks: 交通 (lead 区交通局, co 区财政局), 教育, 医疗. */
export const DOC_A = `关于印发某区重点工作落实方案的通知
某府办发〔2025〕12号
一、重点任务
（一）加快交通建设。推进城区道路改造。（牵头单位：区交通局；配合单位：区财政局）
（二）加强教育保障。新建中小学校两所。（牵头单位：区教委；配合单位：区财政局、区发展改革委）
（三）改善医疗服务。提升基层医疗机构服务能力。（责任单位：区卫生健康委）
`;

/** A document whose only task belongs to 区卫生健康委: another unit's, for 区交通局. */
export const DOC_HEALTH = `关于加强卫生健康工作的通知
某府办发〔2025〕13号
一、工作任务
（一）做好疾病预防。开展重点人群健康筛查。（责任单位：区卫生健康委）
`;

/** Imports a document into a region (in-process parse) and returns its id. */
export async function buildDocument(
  server: TestServer,
  regionId: string,
  text: string,
  filename = "doc.txt",
): Promise<string> {
  await buildRegion(server, regionId);
  const result = await importDocument(server.store.db, {
    bytes: new TextEncoder().encode(text),
    filename,
    regionId,
  });
  return result.documentId;
}

/** The id of a unit by canonical name in a region. */
export async function unitId(server: TestServer, regionId: string, name: string): Promise<string> {
  const row = await server.store.db
    .selectFrom("units")
    .select("id")
    .where("region_id", "=", regionId)
    .where("canonical_name", "=", name)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The id of the task of a document whose text contains `needle`. */
export async function taskId(server: TestServer, documentId: string, needle: string): Promise<string> {
  const rows = await server.store.db
    .selectFrom("tasks")
    .select(["id", "text"])
    .where("document_id", "=", documentId)
    .execute();
  const row = rows.find((r) => r.text.includes(needle));
  if (!row) throw new Error(`no task with ${needle}: ${rows.map((r) => r.text).join(" | ")}`);
  return row.id;
}

/** Audit rows, oldest first. */
export async function auditRows(server: TestServer) {
  return server.store.db.selectFrom("audit_log").selectAll().orderBy("seq").execute();
}
