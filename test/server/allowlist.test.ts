/**
 * M12 (等保 8.1.4.4c 接入限制): administrators work only from the addresses in
 * `adminAllowedIps`; other roles are not affected; an empty list allows everywhere.
 */
import { afterEach, describe, expect, it } from "vitest";
import { compileAllowlist } from "../../src/server/auth/ip-allowlist.js";
import { resolveSettings } from "../../src/server/index.js";
import { backends, buildServer, buildUser, call, sessionFor, type TestServer } from "./helpers.js";

describe("compileAllowlist", () => {
  const list = compileAllowlist(["10.1.0.0/16", "192.168.1.5", "fd00::/8"]);

  it("allows addresses inside a range or equal to an entry, and nothing else", () => {
    expect(list.allows("10.1.200.3")).toBe(true);
    expect(list.allows("10.2.0.1")).toBe(false);
    expect(list.allows("192.168.1.5")).toBe(true);
    expect(list.allows("192.168.1.6")).toBe(false);
    expect(list.allows("fd12::1")).toBe(true);
    expect(list.allows("fe80::1")).toBe(false);
  });

  it("reads an IPv4 client on a dual-stack socket (::ffff:a.b.c.d) as IPv4", () => {
    expect(list.allows("::ffff:10.1.0.9")).toBe(true);
    expect(list.allows("::ffff:10.9.0.9")).toBe(false);
  });

  it("refuses what is not an address: 'unknown' is outside every list", () => {
    expect(list.allows("unknown")).toBe(false);
  });

  it("an empty list allows every address", () => {
    expect(compileAllowlist([]).allows("203.0.113.7")).toBe(true);
  });

  it("a malformed entry stops the settings from loading", () => {
    expect(() => compileAllowlist(["10.0.0.0/33"])).toThrow(/白名单/);
    expect(() => compileAllowlist(["intranet"])).toThrow(/白名单/);
    expect(() => resolveSettings({}, { LUOSHI_ADMIN_ALLOWED_IPS: "10.0.0.0/8,bogus" })).toThrow(/白名单/);
    expect(resolveSettings({}, { LUOSHI_ADMIN_ALLOWED_IPS: "10.0.0.0/8, 10.9.9.9" }).adminAllowedIps).toEqual(
      ["10.0.0.0/8", "10.9.9.9"],
    );
  });
});

describe.each(backends)("administrator address allowlist on %s", (backend) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  it("an administrator's call from outside the list → 403 IP_NOT_ALLOWED; from inside → 200; other roles unaffected", async () => {
    server = await buildServer(backend, { settings: { adminAllowedIps: ["10.1.0.0/16"] } });
    const admin = await buildUser(server, { role: "system_admin" });
    const supervisor = await buildUser(server, { role: "supervisor" });
    const adminCookie = await sessionFor(server, admin);

    const outside = await call(server, "GET", "/api/users", { cookie: adminCookie, ip: "10.2.0.1" });
    expect(outside.status).toBe(403);
    expect(((await outside.json()) as { error: { code: string } }).error.code).toBe("IP_NOT_ALLOWED");
    expect((await call(server, "GET", "/api/users", { cookie: adminCookie, ip: "10.1.3.4" })).status).toBe(
      200,
    );

    const supervisorCookie = await sessionFor(server, supervisor);
    expect(
      (await call(server, "GET", "/api/tasks", { cookie: supervisorCookie, ip: "10.2.0.1" })).status,
    ).toBe(200);
  });

  it("an administrator's login from outside the list is refused after the password check and audited as denied", async () => {
    server = await buildServer(backend, { settings: { adminAllowedIps: ["10.1.0.0/16"] } });
    const admin = await buildUser(server, { role: "security_admin" });
    const res = await call(server, "POST", "/api/auth/login", {
      json: { username: admin.username, password: admin.password },
      ip: "172.16.0.1",
    });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
    const rows = await server.store.db
      .selectFrom("audit_log")
      .select(["action", "outcome", "ip", "detail"])
      .where("action", "=", "login")
      .execute();
    expect(rows).toEqual([
      { action: "login", outcome: "denied", ip: "172.16.0.1", detail: { reason: "ip_not_allowed" } },
    ]);
  });
});
