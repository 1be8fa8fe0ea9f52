/**
 * Route × role × scope (docs/security.md M6, M7, M9, A5): every route of the OpenAPI document,
 * called by every role, on an object of the caller's own unit, of another unit of the region, and
 * of another region. The expected outcome is written here from the requirements (三权分立, a
 * department sees only its own, another region is invisible), not read from the policy tables, so
 * the two are checked against each other. Every call of a mutating route must leave exactly one
 * complete audit row — `success` when allowed, `denied` when refused.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserRole } from "../../src/store/index.js";
import {
  backends,
  buildDocument,
  buildServer,
  buildUser,
  call,
  DOC_A,
  DOC_HEALTH,
  sessionFor,
  taskId,
  unitId,
  type TestServer,
  type TestUser,
} from "./helpers.js";
import { ledgerFilesOf, progressBody, seedTrackWorld, type TrackWorld } from "../track/helpers.js";

type Scope = "own" | "otherUnit" | "otherRegion";
/** `ok` is any 2xx; a number is that exact status. */
type Outcome = "ok" | 400 | 403 | 404;

const ROLES: UserRole[] = [
  "system_admin",
  "security_admin",
  "audit_admin",
  "supervisor",
  "reporter",
  "leader",
];

/** Who may, by the requirements: everyone in `ok`, denied (403) to the rest. */
function only(...allowed: UserRole[]) {
  return (role: UserRole): Outcome => (allowed.includes(role) ? "ok" : 403);
}

/**
 * An object route: roles in `region` reach anything of their region; roles in `unit` only their
 * unit's. Another region's object is 404 for all who may use the route at all; others get 403.
 */
function scoped(region: UserRole[], unit: UserRole[] = []) {
  return (role: UserRole, scope: Scope): Outcome => {
    if (!region.includes(role) && !unit.includes(role)) return 403;
    if (scope === "otherRegion") return 404;
    if (scope === "otherUnit" && unit.includes(role)) return 404;
    return "ok";
  };
}

const everyone = (): Outcome => "ok";
const LEDGER: UserRole[] = ["supervisor", "leader"];

/** What each route's objects are, per scope (the reporting cycle's from test/track/helpers.ts). */
interface World extends TrackWorld {
  docs: Record<Scope, string>;
  tasks: Record<Scope, string>;
  users: Record<Scope, string>;
  regions: Record<Scope, string>;
  unitIds: { transport: string };
  ledgerFiles: Record<Scope, Uint8Array<ArrayBuffer>>;
}

interface Case {
  role: UserRole;
  user: TestUser;
  scope: Scope;
}

interface RouteSpec {
  expect: (role: UserRole, scope: Scope) => Outcome;
  /** Which objects `{id}` takes. */
  ids?: Exclude<keyof World, "unitIds" | "ledgerFiles">;
  body?: (c: Case, world: World) => { json: unknown } | { form: FormData };
  /** No session at all (public routes). */
  public?: true;
  /** A query string the route needs. */
  query?: string;
}

const strongPassword = () => `Nw-${randomUUID().slice(0, 10)}!`;

/** The expectations, route by route; keys are `METHOD path` as in the OpenAPI document. */
const ROUTES: Record<string, RouteSpec> = {
  "GET /health": { expect: everyone, public: true },
  "POST /api/auth/login": {
    expect: everyone,
    public: true,
    body: (c) => ({ json: { username: c.user.username, password: c.user.password } }),
  },
  "POST /api/auth/logout": { expect: everyone },
  "GET /api/auth/me": { expect: everyone },
  "PATCH /api/auth/me": { expect: everyone, body: () => ({ json: { displayName: "新名字" } }) },
  "POST /api/auth/password": {
    expect: everyone,
    body: (c) => {
      const next = strongPassword();
      const body = { json: { currentPassword: c.user.password, newPassword: next } };
      c.user.password = next;
      return body;
    },
  },
  "POST /api/auth/totp/enrol": { expect: everyone },
  // No pending enrolment is confirmed with 000000 (it is not the code): 400 for everyone, never 403.
  "POST /api/auth/totp/verify": { expect: () => 400, body: () => ({ json: { code: "000000" } }) },
  "GET /api/documents": { expect: only("supervisor", "leader", "reporter") },
  "POST /api/documents": {
    expect: only("supervisor"),
    body: () => {
      const data = new FormData();
      const text = `关于做好某项工作的通知\n一、工作任务\n（一）落实第${randomUUID().slice(0, 8)}号事项。（责任单位：区交通局）\n`;
      data.set("file", new File([text], "notice.txt", { type: "text/plain" }));
      return { form: data };
    },
  },
  "GET /api/documents/{id}": { expect: scoped(LEDGER, ["reporter"]), ids: "docs" },
  "GET /api/documents/{id}/original": { expect: scoped(LEDGER, ["reporter"]), ids: "docs" },
  "GET /api/tasks": { expect: only("supervisor", "leader", "reporter") },
  "GET /api/tasks/{id}": { expect: scoped(LEDGER, ["reporter"]), ids: "tasks" },
  "GET /api/units": { expect: only("supervisor", "leader", "reporter", "system_admin", "security_admin") },
  "GET /api/units/unresolved": { expect: only("supervisor") },
  "GET /api/search": {
    expect: only("supervisor", "leader", "reporter"),
    query: `?q=${encodeURIComponent("道路")}`,
  },
  "GET /api/users": { expect: only("system_admin", "security_admin") },
  "POST /api/users": {
    expect: only("system_admin"),
    body: () => ({
      json: { username: `new-${randomUUID().slice(0, 8)}`, displayName: "新用户", role: "leader" },
    }),
  },
  "GET /api/users/{id}": { expect: scoped(["system_admin", "security_admin"]), ids: "users" },
  "PATCH /api/users/{id}": {
    expect: scoped(["system_admin"]),
    ids: "users",
    body: () => ({ json: { displayName: "改名" } }),
  },
  "POST /api/users/{id}/disable": { expect: scoped(["system_admin"]), ids: "users" },
  "POST /api/users/{id}/enable": { expect: scoped(["system_admin"]), ids: "users" },
  "POST /api/users/{id}/reset-password": { expect: scoped(["system_admin"]), ids: "users" },
  "POST /api/users/{id}/unlock": { expect: scoped(["security_admin"]), ids: "users" },
  "POST /api/users/{id}/role": {
    expect: scoped(["security_admin"]),
    ids: "users",
    body: () => ({ json: { role: "leader" } }),
  },
  "POST /api/users/{id}/mfa": {
    expect: scoped(["security_admin"]),
    ids: "users",
    body: () => ({ json: { required: true } }),
  },
  "DELETE /api/users/{id}/sessions": { expect: scoped(["security_admin"]), ids: "users" },
  "GET /api/audit": { expect: only("audit_admin") },
  "GET /api/audit/export": { expect: only("audit_admin") },
  "GET /api/audit/verify": { expect: only("audit_admin") },
  "GET /api/regions": { expect: everyone },
  "GET /api/regions/{id}": { expect: scoped([...ROLES]), ids: "regions" },
  "PATCH /api/regions/{id}": {
    expect: scoped(["system_admin"]),
    ids: "regions",
    body: () => ({ json: { name: "某区" } }),
  },
  // The reporting cycle (issue 6, docs/tracking.md). Keys run in this order: the report is saved,
  // submitted, accepted, then returned; closable periods are closed, then reopened.
  "GET /api/documents/{id}/calendar": { expect: scoped(["supervisor"]), ids: "docs", query: "?year=2025" },
  "POST /api/documents/{id}/periods": {
    expect: scoped(["supervisor"]),
    ids: "docs",
    body: () => ({ json: { year: 2025 } }),
  },
  "GET /api/periods": { expect: only("supervisor", "leader", "reporter") },
  "GET /api/periods/{id}": { expect: scoped(LEDGER, ["reporter"]), ids: "periods" },
  "PATCH /api/periods/{id}": {
    expect: scoped(["supervisor"]),
    ids: "periods",
    body: () => ({ json: { due: "2025-12-31" } }),
  },
  "POST /api/periods/{id}/close": { expect: scoped(["supervisor"]), ids: "closable" },
  "POST /api/periods/{id}/reopen": { expect: scoped(["supervisor"]), ids: "closable" },
  "POST /api/periods/{id}/exceptions": {
    expect: scoped(["supervisor"]),
    ids: "closable",
    body: (_c, w) => ({ json: { unitId: w.unitIds.transport, reason: "补报" } }),
  },
  // Runs after the grant above: the supervisor revokes 区交通局's exception in its region's periods.
  "GET /api/periods/{id}/exceptions": { expect: scoped(LEDGER, ["reporter"]), ids: "closable" },
  "DELETE /api/periods/{id}/exceptions/{unitId}": { expect: scoped(["supervisor"]), ids: "closable" },
  "GET /api/settings": { expect: only("supervisor", "leader", "system_admin") },
  "PUT /api/settings": {
    expect: only("supervisor"),
    body: () => ({ json: { yellowDays: 7, reminderOffsets: [-21, -7, -1, 1] } }),
  },
  "GET /api/periods/{id}/expected": { expect: scoped(LEDGER, ["reporter"]), ids: "periods" },
  "GET /api/periods/{id}/rates": { expect: scoped(LEDGER), ids: "periods" },
  "GET /api/periods/{id}/lights": { expect: scoped(LEDGER), ids: "periods" },
  "POST /api/periods/{id}/reminders": { expect: scoped(["supervisor"]), ids: "periods" },
  "GET /api/periods/{id}/scores": { expect: scoped(LEDGER), ids: "periods" },
  "PUT /api/periods/{id}/weights": {
    expect: scoped(["supervisor"]),
    ids: "periods",
    body: () => ({ json: { completion: 40, onTime: 30, returned: 15, indicators: 15 } }),
  },
  "GET /api/periods/{id}/indicators": { expect: scoped(LEDGER), ids: "periods" },
  "GET /api/periods/{id}/checklist": { expect: scoped(LEDGER, ["reporter"]), ids: "periods" },
  "POST /api/periods/{id}/checklist": {
    expect: scoped(["supervisor"]),
    ids: "periods",
    body: () => ({ json: { item: "按时报送", points: 5, evidenceRequired: false } }),
  },
  "GET /api/reminders": { expect: only("supervisor", "leader", "reporter") },
  // Region-wide rates: a department gets its own unit's (the service narrows it), admins nothing.
  "GET /api/periods/rates": { expect: only("supervisor", "leader", "reporter"), query: "?year=2025" },
  "GET /api/indicators/{id}/units": { expect: scoped(LEDGER), ids: "indicators" },
  "PUT /api/indicators/{id}/units": {
    expect: scoped(["supervisor"]),
    ids: "indicators",
    body: (_c, w) => ({ json: { units: [{ unitId: w.unitIds.transport, role: "lead" }] } }),
  },
  "POST /api/checklist/{id}/evidence": {
    expect: scoped([], ["reporter"]),
    ids: "checklist",
    body: () => {
      const data = new FormData();
      data.set("file", new File(["自评佐证"], "self.txt", { type: "text/plain" }));
      return { form: data };
    },
  },
  "GET /api/checklist/{id}/evidence": { expect: scoped(LEDGER, ["reporter"]), ids: "checklist" },
  "GET /api/checklist/files/{id}": { expect: scoped(LEDGER, ["reporter"]), ids: "evaluationFiles" },
  "GET /api/reports": { expect: only("supervisor", "leader", "reporter") },
  "POST /api/reports": {
    expect: only("reporter"),
    body: (_c, w) => ({ json: { periodId: w.periods.own, taskId: w.tasks.own } }),
  },
  "GET /api/reports/{id}": { expect: scoped(LEDGER, ["reporter"]), ids: "reports" },
  "PATCH /api/reports/{id}": {
    expect: scoped([], ["reporter"]),
    ids: "reports",
    body: () => ({ json: progressBody(2) }),
  },
  "POST /api/reports/{id}/submit": {
    expect: scoped([], ["reporter"]),
    ids: "reports",
    body: () => ({ json: {} }),
  },
  "POST /api/reports/{id}/accept": {
    expect: scoped(["supervisor"]),
    ids: "reports",
    body: () => ({ json: {} }),
  },
  "POST /api/reports/{id}/return": {
    expect: scoped(["supervisor"]),
    ids: "reports",
    body: () => ({ json: { comment: "请补充数据" } }),
  },
  "GET /api/reports/{id}/versions": { expect: scoped(LEDGER, ["reporter"]), ids: "reports" },
  "POST /api/reports/{id}/evidence": {
    expect: scoped([], ["reporter"]),
    ids: "reports",
    body: () => {
      const data = new FormData();
      data.set("file", new File(["会议纪要"], "minutes.txt", { type: "text/plain" }));
      return { form: data };
    },
  },
  "GET /api/evidence/{id}": { expect: scoped(LEDGER, ["reporter"]), ids: "evidence" },
  "GET /api/indicators/{id}/progress": { expect: scoped(LEDGER), ids: "indicators" },
  "POST /api/indicators/{id}/observations": {
    expect: scoped(["supervisor"]),
    ids: "indicators",
    body: () => ({ json: { year: 2025, value: 52.5, source: "区统计局" } }),
  },
  "PUT /api/checklist/{id}/self-evaluation": {
    expect: scoped([], ["reporter"]),
    ids: "checklist",
    body: () => ({ json: { points: 9, note: "已完成" } }),
  },
  "GET /api/documents/{id}/task-division": { expect: scoped(LEDGER), ids: "docs" },
  "GET /api/periods/{id}/ledger": { expect: scoped(LEDGER), ids: "periods" },
  "GET /api/periods/{id}/indicator-sheet": { expect: scoped(LEDGER), ids: "periods" },
  // A dry run (the default) of each period's own exported 台账.
  "POST /api/periods/{id}/ledger": {
    expect: scoped(["supervisor"]),
    ids: "periods",
    body: (c, w) => {
      const data = new FormData();
      data.set("file", new File([w.ledgerFiles[c.scope]], "台账.xlsx"));
      return { form: data };
    },
  },
  "POST /api/self-evaluations/{id}/verify": {
    expect: scoped(["supervisor"]),
    ids: "selfEvaluations",
    body: () => ({ json: { points: 8, comment: null } }),
  },
};

/** Mutating routes whose calls must each leave one audit row (login writes its own, also one). */
function isMutating(key: string): boolean {
  return !key.startsWith("GET ");
}

describe.each(backends)("route × role × scope on %s", (backend) => {
  let server: TestServer;
  let world: World;
  const users = new Map<UserRole, TestUser>();

  beforeAll(async () => {
    server = await buildServer(backend);
    const docA = await buildDocument(server, "ra", DOC_A, "a.txt");
    const docHealth = await buildDocument(server, "ra", DOC_HEALTH, "health.txt");
    const docB = await buildDocument(server, "rb", DOC_A, "a.txt");
    const transport = await unitId(server, "ra", "区交通局");
    const health = await unitId(server, "ra", "区卫生健康委");
    for (const role of ROLES)
      users.set(
        role,
        await buildUser(server, { role, regionId: "ra", unitId: role === "reporter" ? transport : null }),
      );
    world = {
      docs: { own: docA, otherUnit: docHealth, otherRegion: docB },
      tasks: {
        own: await taskId(server, docA, "道路"),
        otherUnit: await taskId(server, docA, "医疗"),
        otherRegion: await taskId(server, docB, "道路"),
      },
      users: {
        own: (await buildUser(server, { role: "leader", regionId: "ra" })).id,
        otherUnit: (await buildUser(server, { role: "reporter", regionId: "ra", unitId: health })).id,
        otherRegion: (await buildUser(server, { role: "leader", regionId: "rb" })).id,
      },
      regions: { own: "ra", otherUnit: "ra", otherRegion: "rb" },
      unitIds: { transport },
      ledgerFiles: { own: new Uint8Array(), otherUnit: new Uint8Array(), otherRegion: new Uint8Array() },
      ...(await seedTrackWorld(server, { docA, docHealth, docB })),
    };
    world.ledgerFiles = await ledgerFilesOf(server, world.periods);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it("the expectations cover exactly the routes of the OpenAPI document", async () => {
    const res = await call(server, "GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it("without a session every non-public route answers 401 UNAUTHENTICATED", async () => {
    for (const [key, spec] of Object.entries(ROUTES)) {
      if (spec.public) continue;
      const [method, path] = key.split(" ") as [string, string];
      const res = await call(
        server,
        method,
        path.replace("{id}", randomUUID()).replace("{unitId}", randomUUID()),
        method === "GET" || method === "DELETE" ? {} : { json: {} },
      );
      expect(res.status, key).toBe(401);
    }
  });

  it("every route, every role, own unit / other unit / other region: the expected outcome, and one audit row per write", async () => {
    const failures: string[] = [];
    let n = 0;
    for (const [key, spec] of Object.entries(ROUTES)) {
      const [method, template] = key.split(" ") as [string, string];
      const scopes: Scope[] = spec.ids ? ["own", "otherUnit", "otherRegion"] : ["own"];
      for (const role of ROLES) {
        for (const scope of scopes) {
          n++;
          const user = users.get(role)!;
          const path =
            (spec.ids ? template.replace("{id}", world[spec.ids][scope]) : template).replace(
              "{unitId}",
              world.unitIds.transport,
            ) + (spec.query ?? "");
          const body = spec.body?.({ role, user, scope }, world);
          const before = await server.store.db
            .selectFrom("audit_log")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow();
          const res = await call(server, method, path, {
            ...(spec.public ? {} : { cookie: await sessionFor(server, user) }),
            ...(body && "json" in body ? { json: body.json } : {}),
            ...(body && "form" in body ? { body: body.form } : {}),
            ip: `10.50.${Math.floor(n / 250)}.${n % 250}`,
          });
          const expected = spec.expect(role, scope);
          const ok = expected === "ok" ? res.status >= 200 && res.status < 300 : res.status === expected;
          const label = `${key} as ${role} on ${scope}: expected ${expected}, got ${res.status}`;
          if (!ok) failures.push(`${label} ${await res.text()}`);
          if (!isMutating(key) || spec.public) continue;
          const after = await server.store.db
            .selectFrom("audit_log")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow();
          const rows = await server.store.db
            .selectFrom("audit_log")
            .selectAll()
            .where("request_id", "=", res.headers.get("x-request-id")!)
            .execute();
          if (Number(after.n) - Number(before.n) !== 1 || rows.length !== 1) {
            failures.push(`${label}: ${Number(after.n) - Number(before.n)} audit rows`);
            continue;
          }
          const row = rows[0]!;
          const outcome =
            res.status < 300 ? "success" : res.status === 403 || res.status === 404 ? "denied" : "failure";
          if (row.outcome !== outcome)
            failures.push(`${label}: audit outcome ${row.outcome}, expected ${outcome}`);
          const complete =
            row.at instanceof Date &&
            row.actor_id === user.id &&
            row.actor_name === user.username &&
            row.region_id === "ra" &&
            row.unit_id === user.unitId &&
            row.ip === `10.50.${Math.floor(n / 250)}.${n % 250}` &&
            typeof row.action === "string" &&
            row.action.length > 0 &&
            /^[0-9a-f]{64}$/.test(row.hash);
          if (!complete) failures.push(`${label}: incomplete audit row ${JSON.stringify(row)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(n).toBeGreaterThan(300);
  });

  it("the system administrator cannot read the audit log; the audit administrator cannot change a user", async () => {
    const sys = await sessionFor(server, users.get("system_admin")!);
    const aud = await sessionFor(server, users.get("audit_admin")!);
    expect((await call(server, "GET", "/api/audit", { cookie: sys })).status).toBe(403);
    expect(
      (
        await call(server, "PATCH", `/api/users/${world.users.own}`, {
          cookie: aud,
          json: { displayName: "x" },
        })
      ).status,
    ).toBe(403);
    expect((await call(server, "GET", `/api/tasks/${world.tasks.own}`, { cookie: aud })).status).toBe(403);
  });

  it("a system administrator cannot create, disable or reset an administrator: that is the security administrator's", async () => {
    const sys = await sessionFor(server, users.get("system_admin")!);
    const create = await call(server, "POST", "/api/users", {
      cookie: sys,
      json: { username: `adm-${randomUUID().slice(0, 6)}`, displayName: "x", role: "audit_admin" },
    });
    expect(create.status).toBe(403);
    const target = users.get("audit_admin")!.id;
    expect((await call(server, "POST", `/api/users/${target}/disable`, { cookie: sys })).status).toBe(403);
    expect((await call(server, "POST", `/api/users/${target}/reset-password`, { cookie: sys })).status).toBe(
      403,
    );
    const sec = await sessionFor(server, users.get("security_admin")!);
    expect(
      (
        await call(server, "POST", `/api/users/${users.get("security_admin")!.id}/role`, {
          cookie: sec,
          json: { role: "system_admin" },
        })
      ).status,
    ).toBe(403);
  });

  it("a department reporter's lists hold only tasks where its unit leads or co-operates", async () => {
    const rep = await sessionFor(server, users.get("reporter")!);
    const tasks = (await (await call(server, "GET", "/api/tasks?limit=100", { cookie: rep })).json()) as {
      data: { text: string }[];
      page: { total: number };
    };
    // 区交通局 leads 道路 in 方案 (ra); the matrix uploads added one 区交通局 task per supervisor upload.
    expect(tasks.data.every((t) => !t.text.includes("医疗") && !t.text.includes("学校"))).toBe(true);
    expect(tasks.data.some((t) => t.text.includes("道路"))).toBe(true);
    const docs = (await (await call(server, "GET", "/api/documents", { cookie: rep })).json()) as {
      data: { id: string }[];
    };
    expect(docs.data.map((d) => d.id)).toContain(world.docs.own);
    expect(docs.data.map((d) => d.id)).not.toContain(world.docs.otherUnit);
    const detail = (await (
      await call(server, "GET", `/api/documents/${world.docs.own}`, { cookie: rep })
    ).json()) as { data: { taskList: { text: string }[] } };
    expect(detail.data.taskList.map((t) => t.text)).toEqual(["推进城区道路改造。"]);
    const units = (await (await call(server, "GET", "/api/units", { cookie: rep })).json()) as {
      data: { canonicalName: string }[];
    };
    expect(units.data.map((u) => u.canonicalName)).toEqual(["区交通局"]);
    const search = (await (
      await call(server, "GET", `/api/search?q=${encodeURIComponent("医疗")}`, { cookie: rep })
    ).json()) as { data: { hits: unknown[] } };
    expect(search.data.hits).toEqual([]);
    // Asking for another unit's tasks by filter gives only tasks the two share: none here.
    const health = await unitId(server, "ra", "区卫生健康委");
    const other = (await (
      await call(server, "GET", `/api/tasks?unitId=${health}`, { cookie: rep })
    ).json()) as { data: unknown[] };
    expect(other.data).toEqual([]);
  });

  it("responses carry the caller's policies for the object", async () => {
    const lead = await sessionFor(server, users.get("leader")!);
    const doc = (await (
      await call(server, "GET", `/api/documents/${world.docs.own}`, { cookie: lead })
    ).json()) as { policies: unknown };
    expect(doc.policies).toEqual({ list: true, read: true, download: true, upload: false });
    const sys = await sessionFor(server, users.get("system_admin")!);
    const u = (await (
      await call(server, "GET", `/api/users/${users.get("audit_admin")!.id}`, { cookie: sys })
    ).json()) as { policies: Record<string, boolean> };
    expect(u.policies).toMatchObject({ read: true, update: false, disable: false, setRole: false });
  });
});
