/**
 * Accounts and sessions (docs/security.md M1–M5, A1–A4): login, lockout, timeouts on a fake clock,
 * session fixation, password policy and change, first start, TOTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "../../src/server/auth/totp.js";
import { bootstrapAdmins } from "../../src/server/index.js";
import {
  auditRows,
  backends,
  buildServer,
  buildUser,
  call,
  cookieFrom,
  login,
  sessionFor,
  type TestServer,
} from "./helpers.js";

const MINUTE = 60_000;

describe.each(backends)("auth on %s", (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await buildServer(backend);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it("logs in with the right password: 200, the user, policies, and an HttpOnly SameSite=Lax cookie", async () => {
    const user = await buildUser(server, { role: "supervisor" });
    const res = await call(server, "POST", "/api/auth/login", {
      json: { username: user.username, password: user.password },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      data: { username: string; role: string; restriction: null };
      policies: Record<string, Record<string, boolean>>;
    };
    expect(body.data).toMatchObject({ username: user.username, role: "supervisor", restriction: null });
    expect(body.policies.document).toEqual({ list: true, read: true, download: true, upload: true });
    expect(body.policies.audit).toEqual({ list: false, export: false, verify: false });
    const [cookie] = res.headers.getSetCookie();
    // Plain HTTP in development: `sid`, without Secure (a __Host- cookie would be refused).
    expect(cookie).toMatch(/^sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    const rows = await auditRows(server);
    expect(rows.at(-1)).toMatchObject({
      action: "login",
      outcome: "success",
      actor_id: user.id,
      ip: "10.0.0.1",
    });
  });

  it("behind TLS the cookie is __Host-sid; Secure; HttpOnly; SameSite=Lax; Path=/", async () => {
    const user = await buildUser(server, { role: "leader" });
    const res = await server.app.request(
      new Request("https://luoshi.example/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "10.0.0.9" },
        body: JSON.stringify({ username: user.username, password: user.password }),
      }),
    );
    expect(res.status).toBe(200);
    const [cookie] = res.headers.getSetCookie();
    expect(cookie).toMatch(/^__Host-sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });

  it("answers a wrong password and an unknown username alike: 401 INVALID_CREDENTIALS", async () => {
    const user = await buildUser(server, { role: "leader" });
    const wrong = await call(server, "POST", "/api/auth/login", {
      json: { username: user.username, password: "Wrong-pass-1" },
      ip: "10.1.0.1",
    });
    const unknown = await call(server, "POST", "/api/auth/login", {
      json: { username: "nobody-here", password: "Wrong-pass-1" },
      ip: "10.1.0.1",
    });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("INVALID_CREDENTIALS");
      expect(body.error.message).toBe("用户名或密码错误");
    }
  });

  it("usernames are case-insensitive at login", async () => {
    const user = await buildUser(server, { role: "leader", username: "WangFang" });
    await expect(login(server, { username: "wangfang", password: user.password })).resolves.toMatch(/^sid=/);
  });

  it("locks after 5 failures in 15 minutes: the 6th is 429 even with the right password, for 30 minutes", async () => {
    const user = await buildUser(server, { role: "leader" });
    const ip = "10.2.0.1";
    for (let i = 1; i <= 5; i++) {
      const res = await call(server, "POST", "/api/auth/login", {
        json: { username: user.username, password: `Bad-${i}-pass` },
        ip,
      });
      expect(res.status).toBe(401);
      server.clock.advance(2 * MINUTE); // five failures over 8 minutes: inside the window
    }
    const rows = await auditRows(server);
    const mine = rows.filter((r) => r.actor_id === user.id);
    expect(mine.map((r) => r.action)).toEqual(["login", "login", "login", "login", "login.lock"]);
    expect(mine.at(-1)).toMatchObject({ outcome: "failure", ip });
    const locked = await call(server, "POST", "/api/auth/login", {
      json: { username: user.username, password: user.password },
      ip,
    });
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: { code: string } }).error.code).toBe("ACCOUNT_LOCKED");
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    // Locked at the 5th failure (t = 8 min); at t = 37 (29 minutes on) still locked, at t = 39 free.
    server.clock.advance(27 * MINUTE);
    expect(
      (
        await call(server, "POST", "/api/auth/login", {
          json: { username: user.username, password: user.password },
          ip,
        })
      ).status,
    ).toBe(429);
    server.clock.advance(2 * MINUTE);
    expect(
      (
        await call(server, "POST", "/api/auth/login", {
          json: { username: user.username, password: user.password },
          ip,
        })
      ).status,
    ).toBe(200);
  });

  it("failures spread over more than 15 minutes do not lock", async () => {
    const user = await buildUser(server, { role: "leader" });
    for (let i = 0; i < 6; i++) {
      const res = await call(server, "POST", "/api/auth/login", {
        json: { username: user.username, password: "Bad-pass-9" },
        ip: "10.3.0.1",
      });
      expect(res.status).toBe(401);
      server.clock.advance(4 * MINUTE); // at most 4 failures inside any 15 minutes
    }
    expect(
      (
        await call(server, "POST", "/api/auth/login", {
          json: { username: user.username, password: user.password },
          ip: "10.3.0.1",
        })
      ).status,
    ).toBe(200);
  });

  it("an unknown username locks the same way, so the answer never tells whether it exists", async () => {
    for (let i = 0; i < 5; i++) {
      await call(server, "POST", "/api/auth/login", {
        json: { username: "ghost-user", password: "Bad-pass-1" },
        ip: "10.4.0.1",
      });
    }
    const res = await call(server, "POST", "/api/auth/login", {
      json: { username: "ghost-user", password: "Bad-pass-1" },
      ip: "10.4.0.1",
    });
    expect(res.status).toBe(429);
    const rows = await auditRows(server);
    const ghost = rows.filter((r) => r.actor_name === "ghost-user");
    expect(ghost.map((r) => r.action)).toEqual(["login", "login", "login", "login", "login.lock", "login"]);
    expect(ghost.every((r) => r.region_id === null && r.actor_id === null)).toBe(true);
  });

  it("idle timeout: a request at 29 minutes keeps the session, 31 idle minutes end it", async () => {
    const user = await buildUser(server, { role: "leader" });
    const cookie = await login(server, user);
    server.clock.advance(29 * MINUTE);
    expect((await call(server, "GET", "/api/auth/me", { cookie })).status).toBe(200);
    server.clock.advance(29 * MINUTE);
    expect((await call(server, "GET", "/api/auth/me", { cookie })).status).toBe(200);
    server.clock.advance(31 * MINUTE);
    const res = await call(server, "GET", "/api/auth/me", { cookie });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("SESSION_EXPIRED");
    // Gone for good: the row was deleted.
    expect((await call(server, "GET", "/api/auth/me", { cookie })).status).toBe(401);
  });

  it("absolute timeout: an active session ends after 12 hours", async () => {
    const user = await buildUser(server, { role: "leader" });
    const cookie = await login(server, user);
    for (let i = 0; i < 24; i++) {
      server.clock.advance(29 * MINUTE); // 24 × 29 min = 11 h 36 min, never idle
      expect((await call(server, "GET", "/api/auth/me", { cookie })).status).toBe(200);
    }
    server.clock.advance(25 * MINUTE); // 12 h 1 min after login
    expect((await call(server, "GET", "/api/auth/me", { cookie })).status).toBe(401);
  });

  it("logout ends the session: the old cookie gets 401, and the response clears site data", async () => {
    const user = await buildUser(server, { role: "leader" });
    const cookie = await login(server, user);
    const res = await call(server, "POST", "/api/auth/logout", { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("clear-site-data")).toBe('"cache", "cookies", "storage"');
    expect(res.headers.getSetCookie().join()).toMatch(/sid=; Max-Age=0/);
    expect((await call(server, "GET", "/api/auth/me", { cookie })).status).toBe(401);
  });

  it("session fixation: login issues a new id; a cookie set before login is ended, never adopted", async () => {
    const user = await buildUser(server, { role: "leader" });
    const before = await sessionFor(server, user);
    const res = await call(server, "POST", "/api/auth/login", {
      cookie: before,
      json: { username: user.username, password: user.password },
    });
    expect(res.status).toBe(200);
    const after = cookieFrom(res)!;
    expect(after).not.toBe(before);
    expect((await call(server, "GET", "/api/auth/me", { cookie: before })).status).toBe(401);
    expect((await call(server, "GET", "/api/auth/me", { cookie: after })).status).toBe(200);
    // A made-up id is not adopted either.
    const planted = "sid=attacker-chosen-value-000000000000000000000";
    const again = await call(server, "POST", "/api/auth/login", {
      cookie: planted,
      json: { username: user.username, password: user.password },
    });
    expect(cookieFrom(again)).not.toBe(planted);
    expect((await call(server, "GET", "/api/auth/me", { cookie: planted })).status).toBe(401);
  });

  it("password change: policy enforced, other sessions end, this browser gets a new session", async () => {
    const user = await buildUser(server, { role: "leader", username: "zhaolei" });
    const a = await login(server, user);
    const b = await login(server, user);
    const tooSimple = await call(server, "POST", "/api/auth/password", {
      cookie: a,
      json: { currentPassword: user.password, newPassword: "abcdefgh" },
    });
    expect(tooSimple.status).toBe(400);
    const body = (await tooSimple.json()) as { error: { code: string; details: string[] } };
    expect(body.error.code).toBe("PASSWORD_POLICY");
    expect(body.error.details).toEqual(["至少包含大写字母、小写字母、数字、其他字符中的 3 类"]);
    for (const [password, problem] of [
      ["password123", "至少包含大写字母、小写字母、数字、其他字符中的 3 类"],
      ["P@ssw0rd", "密码过于常见，容易被猜中"],
      ["Ab1!xyz", "密码至少需要 8 个字符"],
      ["Zhaolei-2025", "密码不能包含用户名"],
    ] as const) {
      const res = await call(server, "POST", "/api/auth/password", {
        cookie: a,
        json: { currentPassword: user.password, newPassword: password },
      });
      expect(res.status, password).toBe(400);
      expect(((await res.json()) as { error: { details: string[] } }).error.details, password).toContain(
        problem,
      );
    }
    const wrongCurrent = await call(server, "POST", "/api/auth/password", {
      cookie: a,
      json: { currentPassword: "nope-Nope-1", newPassword: "Fine-Pass-2025" },
    });
    expect(wrongCurrent.status).toBe(400);
    expect(((await wrongCurrent.json()) as { error: { code: string } }).error.code).toBe(
      "PASSWORD_INCORRECT",
    );

    const ok = await call(server, "POST", "/api/auth/password", {
      cookie: a,
      json: { currentPassword: user.password, newPassword: "Fine-Pass-2025" },
    });
    expect(ok.status).toBe(200);
    const fresh = cookieFrom(ok)!;
    expect(fresh).not.toBe(a);
    expect((await call(server, "GET", "/api/auth/me", { cookie: a })).status).toBe(401);
    expect((await call(server, "GET", "/api/auth/me", { cookie: b })).status).toBe(401);
    expect((await call(server, "GET", "/api/auth/me", { cookie: fresh })).status).toBe(200);
    await expect(login(server, { username: user.username, password: "Fine-Pass-2025" })).resolves.toMatch(
      /^sid=/,
    );
  });

  it("a 64-character password works, and a 72-byte Chinese passphrase round-trips without truncation", async () => {
    const long = `Aa1-${"x".repeat(60)}`;
    expect(long).toHaveLength(64);
    const user = await buildUser(server, { role: "leader", password: long });
    await expect(login(server, { username: user.username, password: long })).resolves.toMatch(/^sid=/);
    // 24 Chinese characters (72 bytes in UTF-8) + "Ab1!12": bcrypt would ignore everything after byte 72.
    const chinese = "落实政策文件台账督查室各责任单位按期报送进展情况Ab1!12";
    expect(Buffer.byteLength(chinese)).toBe(78);
    const zh = await buildUser(server, { role: "leader", password: chinese });
    await expect(login(server, { username: zh.username, password: chinese })).resolves.toMatch(/^sid=/);
    await expect(login(server, { username: zh.username, password: chinese.slice(0, -1) })).rejects.toThrow(
      /401/,
    );
  });

  it("first login with a one-time password: only me, logout and password change until it is changed", async () => {
    const user = await buildUser(server, { role: "supervisor", mustChangePassword: true });
    const cookie = await login(server, user);
    const me = await call(server, "GET", "/api/auth/me", { cookie });
    expect(((await me.json()) as { data: { restriction: string } }).data.restriction).toBe(
      "PASSWORD_CHANGE_REQUIRED",
    );
    const tasks = await call(server, "GET", "/api/tasks", { cookie });
    expect(tasks.status).toBe(403);
    expect(((await tasks.json()) as { error: { code: string } }).error.code).toBe("PASSWORD_CHANGE_REQUIRED");
    const changed = await call(server, "POST", "/api/auth/password", {
      cookie,
      json: { currentPassword: user.password, newPassword: "New-Secret-77" },
    });
    expect(changed.status).toBe(200);
    expect((await call(server, "GET", "/api/tasks", { cookie: cookieFrom(changed)! })).status).toBe(200);
  });

  it("a disabled user's live session is refused at once", async () => {
    const admin = await buildUser(server, { role: "system_admin" });
    const user = await buildUser(server, { role: "leader" });
    const cookie = await login(server, user);
    const res = await call(server, "POST", `/api/users/${user.id}/disable`, {
      cookie: await sessionFor(server, admin),
    });
    expect(res.status).toBe(200);
    expect((await call(server, "GET", "/api/auth/me", { cookie })).status).toBe(401);
    await expect(login(server, user, undefined, "10.5.0.1")).rejects.toThrow(/401/);
    const rows = await auditRows(server);
    expect(rows.find((r) => r.action === "user.disable" && r.object_id === user.id)).toMatchObject({
      outcome: "success",
      actor_id: admin.id,
    });
  });

  it("creating ZhangSan when zhangsan exists → 409 USERNAME_TAKEN", async () => {
    const admin = await buildUser(server, { role: "system_admin" });
    await buildUser(server, { role: "leader", username: "zhangsan" });
    const res = await call(server, "POST", "/api/users", {
      cookie: await sessionFor(server, admin),
      json: { username: "ZhangSan", displayName: "张三", role: "leader" },
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("USERNAME_TAKEN");
  });

  it("rate-limits /api/auth per IP: over 100 a minute → 429 with Retry-After", async () => {
    const ip = "10.6.0.1";
    let last: Response | undefined;
    for (let i = 0; i < 100; i++) {
      last = await call(server, "POST", "/api/auth/login", { json: { username: "", password: "" }, ip });
      expect(last.status, `request ${i + 1}`).toBe(400); // empty fields: a cheap validation failure
    }
    const over = await call(server, "POST", "/api/auth/login", {
      json: { username: "a", password: "b" },
      ip,
    });
    expect(over.status).toBe(429);
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Another address is unaffected; a minute later this one is too.
    expect(
      (
        await call(server, "POST", "/api/auth/login", {
          json: { username: "", password: "" },
          ip: "10.6.0.2",
        })
      ).status,
    ).toBe(400);
    server.clock.advance(MINUTE);
    expect(
      (await call(server, "POST", "/api/auth/login", { json: { username: "", password: "" }, ip })).status,
    ).toBe(400);
  });

  it("more than 20 failed logins from one IP raise one security.alert audit row", async () => {
    const ip = "10.7.0.1";
    for (let i = 0; i < 22; i++) {
      await call(server, "POST", "/api/auth/login", {
        json: { username: `spray${i}`, password: "Bad-pass-1" },
        ip,
      });
    }
    const alerts = (await auditRows(server)).filter(
      (r) => r.action === "security.alert" && r.object_id === ip,
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ outcome: "failure", object_type: "ip" });
  });

  it("a newline in a username is stored escaped in the audit row", async () => {
    await call(server, "POST", "/api/auth/login", {
      json: { username: "evil\nlogin ok admin", password: "x" },
      ip: "10.8.0.1",
    });
    const row = (await auditRows(server)).find((r) => r.actor_name?.startsWith("evil"));
    expect(row?.actor_name).toBe("evil\\u000alogin ok admin");
  });

  it("passwords never reach the log", async () => {
    const user = await buildUser(server, { role: "leader", password: "Never-Log-Me-42" });
    await call(server, "POST", "/api/auth/login", {
      json: { username: user.username, password: "Never-Log-Me-43" },
    });
    await login(server, user);
    expect(server.log.lines.join("\n")).not.toContain("Never-Log-Me");
    const rows = await auditRows(server);
    expect(JSON.stringify(rows)).not.toContain("Never-Log-Me");
  });
});

describe.each(backends)("first start and TOTP on %s", (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await buildServer(backend);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it("first start creates three administrators with one-time passwords; admin/admin does not work", async () => {
    const created = await bootstrapAdmins(server.store.db, {
      regionId: "ra",
      settings: server.settings,
      clock: server.clock,
    });
    expect(created.map((a) => [a.username, a.role])).toEqual([
      ["sysadmin", "system_admin"],
      ["secadmin", "security_admin"],
      ["auditadmin", "audit_admin"],
    ]);
    for (const a of created) {
      expect(a.oneTimePassword).toHaveLength(16);
      expect(a.oneTimePassword).toMatch(/[a-z]/);
      expect(a.oneTimePassword).toMatch(/[A-Z]/);
      expect(a.oneTimePassword).toMatch(/[0-9]/);
    }
    expect(new Set(created.map((a) => a.oneTimePassword)).size).toBe(3);
    // A second start creates nothing and prints nothing.
    expect(
      await bootstrapAdmins(server.store.db, {
        regionId: "ra",
        settings: server.settings,
        clock: server.clock,
      }),
    ).toEqual([]);
    for (const username of ["admin", "sysadmin"]) {
      const res = await call(server, "POST", "/api/auth/login", {
        json: { username, password: "admin" },
        ip: "10.9.0.1",
      });
      expect(res.status).toBe(401);
    }
    // The one-time password works, but only to change it; then TOTP must be enrolled (an administrator).
    const sys = created[0]!;
    const cookie = await login(server, { username: sys.username, password: sys.oneTimePassword });
    expect((await call(server, "GET", "/api/users", { cookie })).status).toBe(403);
    const changed = await call(server, "POST", "/api/auth/password", {
      cookie,
      json: { currentPassword: sys.oneTimePassword, newPassword: "Sys-Admin-Pass-1" },
    });
    expect(changed.status).toBe(200);
    const next = cookieFrom(changed)!;
    const users = await call(server, "GET", "/api/users", { cookie: next });
    expect(users.status).toBe(403);
    expect(((await users.json()) as { error: { code: string } }).error.code).toBe("MFA_ENROLMENT_REQUIRED");
  });

  it("TOTP: enrol, verify, then an admin login needs the code (401 MFA_REQUIRED), and a reused code is refused", async () => {
    const admin = await buildUser(server, { role: "security_admin", mfaRequired: null });
    const cookie = await login(server, admin);
    const enrol = await call(server, "POST", "/api/auth/totp/enrol", { cookie });
    expect(enrol.status).toBe(200);
    const { secret, uri } = ((await enrol.json()) as { data: { secret: string; uri: string } }).data;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toContain("otpauth://totp/");
    // A wrong code: none of the codes of the steps accepted around now (one early, one late).
    const now = server.clock.now().getTime();
    const accepted = [-30_000, 0, 30_000].map((d) => totpCode(secret, new Date(now + d)));
    const wrong = ["000000", "111111", "222222", "333333"].find((c) => !accepted.includes(c))!;
    const bad = await call(server, "POST", "/api/auth/totp/verify", { cookie, json: { code: wrong } });
    expect(bad.status).toBe(400);
    const good = await call(server, "POST", "/api/auth/totp/verify", {
      cookie,
      json: { code: totpCode(secret, server.clock.now()) },
    });
    expect(good.status).toBe(200);
    expect((await call(server, "GET", "/api/users", { cookie })).status).toBe(200);

    const noCode = await call(server, "POST", "/api/auth/login", {
      json: { username: admin.username, password: admin.password },
    });
    expect(noCode.status).toBe(401);
    expect(((await noCode.json()) as { error: { code: string } }).error.code).toBe("MFA_REQUIRED");
    // The code used at enrolment is spent; the next step's code works once.
    const spent = await call(server, "POST", "/api/auth/login", {
      json: {
        username: admin.username,
        password: admin.password,
        totp: totpCode(secret, server.clock.now()),
      },
    });
    expect(spent.status).toBe(401);
    expect(((await spent.json()) as { error: { code: string } }).error.code).toBe("MFA_INVALID");
    server.clock.advance(30_000);
    const code = totpCode(secret, server.clock.now());
    expect(
      (
        await call(server, "POST", "/api/auth/login", {
          json: { username: admin.username, password: admin.password, totp: code },
        })
      ).status,
    ).toBe(200);
    const reused = await call(server, "POST", "/api/auth/login", {
      json: { username: admin.username, password: admin.password, totp: code },
    });
    expect(reused.status).toBe(401);
    expect(((await reused.json()) as { error: { code: string } }).error.code).toBe("MFA_INVALID");
  });

  it("the security admin can make TOTP optional for one user, and reset a lost enrolment", async () => {
    const sec = await buildUser(server, { role: "security_admin" });
    const target = await buildUser(server, { role: "audit_admin", mfaRequired: null });
    const secCookie = await sessionFor(server, sec);
    const targetCookie = await login(server, target);
    expect((await call(server, "GET", "/api/audit", { cookie: targetCookie })).status).toBe(403);
    const res = await call(server, "POST", `/api/users/${target.id}/mfa`, {
      cookie: secCookie,
      json: { required: false },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { mfa: unknown } }).data.mfa).toEqual({
      required: false,
      enrolled: false,
    });
    expect((await call(server, "GET", "/api/audit", { cookie: targetCookie })).status).toBe(200);
  });
});

describe.each(backends)("password expiry and production profile on %s", (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await buildServer(backend, {
      settings: { password: { maxAgeDays: 90 }, profile: "production" },
    });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  const https = (path: string, init: RequestInit) =>
    server.app.request(
      new Request(`https://luoshi.example${path}`, {
        ...init,
        headers: { "x-forwarded-for": "10.0.0.1", ...init.headers },
      }),
    );

  it("production refuses login over plain HTTP: 400 TLS_REQUIRED", async () => {
    const user = await buildUser(server, { role: "leader" });
    const res = await call(server, "POST", "/api/auth/login", {
      json: { username: user.username, password: user.password },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("TLS_REQUIRED");
  });

  it("day 91 after a password change → 403 PASSWORD_EXPIRED; only the change is allowed", async () => {
    const user = await buildUser(server, { role: "leader" });
    const login = await https("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: user.username, password: user.password }),
    });
    expect(login.status).toBe(200);
    server.clock.advance(91 * 86_400_000);
    const cookie = `__Host-sid=${/__Host-sid=([^;]+)/.exec(login.headers.getSetCookie()[0]!)![1]}`;
    // The session itself timed out long ago: log in again on day 91.
    const again = await https("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ username: user.username, password: user.password }),
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { data: { restriction: string } }).data.restriction).toBe(
      "PASSWORD_EXPIRED",
    );
    const fresh = `__Host-sid=${/__Host-sid=([^;]+)/.exec(again.headers.getSetCookie()[0]!)![1]}`;
    const tasks = await https("/api/tasks", { headers: { cookie: fresh } });
    expect(tasks.status).toBe(403);
    expect(((await tasks.json()) as { error: { code: string } }).error.code).toBe("PASSWORD_EXPIRED");
    const change = await https("/api/auth/password", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: fresh },
      body: JSON.stringify({ currentPassword: user.password, newPassword: "Renewed-Pass-91" }),
    });
    expect(change.status).toBe(200);
  });
});
