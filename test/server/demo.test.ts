/**
 * Demo mode: `seedDemo` fills the demo region from the shipped corpus with one account per role,
 * twice gives the same ledger, and the demo accounts log in only while the server runs in demo mode.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  createApp,
  DEMO_PASSWORD,
  DEMO_REGION_ID,
  inlineParser,
  seedDemo,
  verifyAudit,
} from "../../src/server/index.js";
import { backends, buildServer, call, cookieFrom, type TestServer } from "./helpers.js";
import { CORPUS } from "../store/helpers.js";

describe.each(backends)("demo mode on %s", (backend) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  const seed = (s: TestServer) =>
    seedDemo(s.store.db, { corpusDir: CORPUS, settings: s.settings, clock: s.clock });

  /** An app over the same store and clock with demo mode on or off. */
  const appWith = (s: TestServer, demo: boolean) =>
    createApp({
      db: s.store.db,
      settings: { ...s.settings, demo },
      clock: s.clock,
      parser: inlineParser,
      log: s.log,
    });

  const loginWith = (app: ReturnType<typeof createApp>, username: string) =>
    app.request(
      new Request("http://localhost/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "10.0.0.9" },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      }),
    );

  it("imports the five corpus documents and creates one demo account per role; a second run changes nothing", async () => {
    server = await buildServer(backend, { settings: { demo: true } });
    const first = await seed(server);
    expect(first.imported).toBe(5);
    expect(first.documents).toBe(5);
    expect(first.accounts.map((a) => [a.username, a.role])).toEqual([
      ["demo-supervisor", "supervisor"],
      ["demo-leader", "leader"],
      ["demo-dept1", "reporter"],
      ["demo-dept2", "reporter"],
      ["demo-sysadmin", "system_admin"],
      ["demo-secadmin", "security_admin"],
      ["demo-auditadmin", "audit_admin"],
    ]);
    for (const account of first.accounts) {
      expect(account.unitName === null).toBe(account.role !== "reporter");
    }

    const users = await server.store.db.selectFrom("users").select(["demo", "region_id"]).execute();
    expect(users).toHaveLength(7);
    expect(users.every((u) => u.demo && u.region_id === DEMO_REGION_ID)).toBe(true);

    const again = await seed(server);
    expect(again.imported).toBe(0);
    expect(again.documents).toBe(5);
    expect(again.tasks).toBe(first.tasks);
    expect(await server.store.db.selectFrom("users").select("id").execute()).toHaveLength(7);
    // 5 imports and 7 accounts, each with its audit row, and the chain holds.
    expect(await verifyAudit(server.store.db)).toMatchObject({ ok: true, rows: 12 });
  });

  it("a demo account signs in only while the server runs in demo mode", async () => {
    server = await buildServer(backend, { settings: { demo: true } });
    await seed(server);

    const inDemo = await loginWith(appWith(server, true), "demo-supervisor");
    expect(inDemo.status).toBe(200);
    const me = (await inDemo.json()) as {
      data: { demo: boolean; role: string; regionId: string };
      policies: Record<string, Record<string, boolean>>;
    };
    expect(me.data).toMatchObject({ demo: true, role: "supervisor", regionId: DEMO_REGION_ID });
    // What the UI may show includes the reporting cycle: the 督查室 opens periods and reviews reports.
    expect(me.policies.period).toMatchObject({ open: true, supervise: true });
    expect(me.policies.report).toMatchObject({ review: true });

    const outside = await loginWith(appWith(server, false), "demo-supervisor");
    expect(outside.status).toBe(401);
    expect(((await outside.json()) as { error: { code: string } }).error.code).toBe("INVALID_CREDENTIALS");
    const refused = await server.store.db
      .selectFrom("audit_log")
      .select(["action", "outcome", "detail"])
      .where("action", "=", "login")
      .where("outcome", "=", "failure")
      .execute();
    expect(refused).toHaveLength(1);
    expect(refused[0]!.detail).toMatchObject({ reason: "demo_account" });
  });

  it("a demo department sees only the tasks its unit leads or works on", async () => {
    server = await buildServer(backend, { settings: { demo: true } });
    const { accounts } = await seed(server);
    const dept = accounts.find((a) => a.username === "demo-dept1")!;
    const signedIn = await loginWith(server.app, dept.username);
    const { policies } = (await signedIn.clone().json()) as {
      policies: Record<string, Record<string, boolean>>;
    };
    expect(policies.period).toMatchObject({ list: true, open: false, supervise: false });
    expect(policies.report).toMatchObject({ write: true, review: false });
    const cookie = cookieFrom(signedIn);
    const res = await call(server, "GET", "/api/tasks?limit=200", { cookie });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      data: { assignments: { canonicalName: string | null }[] }[];
      page: { total: number };
    };
    expect(body.page.total).toBeGreaterThan(0);
    for (const task of body.data) {
      expect(task.assignments.map((a) => a.canonicalName)).toContain(dept.unitName);
    }
  });
});
