/**
 * Hardening (docs/security.md A5–A8, A11–A13, M12, M14): CSRF for forms and JSON, security headers,
 * stored XSS returned as JSON data, strict bodies, body limits, one error shape, no secrets in DTOs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  backends,
  buildDocument,
  buildServer,
  buildUser,
  call,
  sessionFor,
  type TestServer,
  type TestUser,
} from "./helpers.js";

const XSS = `<img src=x onerror=alert(1)>`;

async function code(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

describe.each(backends)("hardening on %s", (backend) => {
  let server: TestServer;
  let supervisor: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    server = await buildServer(backend);
    supervisor = await buildUser(server, { role: "supervisor" });
    admin = await buildUser(server, { role: "system_admin" });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it("refuses a cross-origin form post (403) even with a valid session, by Origin or Sec-Fetch-Site", async () => {
    const cookie = await sessionFor(server, supervisor);
    const form = () => {
      const data = new FormData();
      data.set(
        "file",
        new File(["一、总体要求\n（一）做好工作。（责任单位：区教委）"], "a.txt", { type: "text/plain" }),
      );
      return data;
    };
    const byOrigin = await call(server, "POST", "/api/documents", {
      cookie,
      body: form(),
      headers: { origin: "https://evil.example" },
    });
    expect(byOrigin.status).toBe(403);
    expect(await code(byOrigin)).toBe("CSRF_REJECTED");
    const bySite = await call(server, "POST", "/api/documents", {
      cookie,
      body: form(),
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(bySite.status).toBe(403);
    const sameSite = await call(server, "POST", "/api/documents", {
      cookie,
      body: form(),
      headers: { "sec-fetch-site": "same-site" },
    });
    expect(sameSite.status).toBe(403);
    // The same form from the app's own origin goes through.
    const own = await call(server, "POST", "/api/documents", {
      cookie,
      body: form(),
      headers: { origin: "http://localhost", "sec-fetch-site": "same-origin" },
    });
    expect(own.status).toBe(201);
  });

  it("behind a trusted TLS proxy the browser's https:// origin is the server's own", async () => {
    const cookie = await sessionFor(server, supervisor);
    const headers = {
      origin: "https://luoshi.example",
      host: "luoshi.example",
      "x-forwarded-proto": "https",
    };
    const ok = await call(server, "PATCH", "/api/auth/me", {
      cookie,
      json: { displayName: "代理后" },
      headers,
    });
    expect(ok.status).toBe(200);
    const other = await call(server, "PATCH", "/api/auth/me", {
      cookie,
      json: { displayName: "x" },
      headers: { ...headers, origin: "https://evil.example" },
    });
    expect(other.status).toBe(403);
  });

  it("JSON routes need application/json: text/plain or a form with a JSON body → 415 (no simple cross-site request)", async () => {
    const cookie = await sessionFor(server, admin);
    const body = JSON.stringify({ username: "csrf-victim", displayName: "x", role: "leader" });
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ]) {
      const res = await call(server, "POST", "/api/users", {
        cookie,
        body,
        headers: { "content-type": type },
      });
      expect(res.status, type).toBe(415);
      expect(await code(res)).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
    const noType = await call(server, "POST", "/api/users", { cookie, body });
    expect(noType.status).toBe(415);
    const created = await server.store.db
      .selectFrom("users")
      .select("id")
      .where("username", "=", "csrf-victim")
      .executeTakeFirst();
    expect(created).toBeUndefined();
  });

  it("sets CSP without inline script, nosniff, frame denial; /api answers are not cached", async () => {
    const res = await call(server, "GET", "/api/auth/me", { cookie: await sessionFor(server, supervisor) });
    expect(res.headers.get("content-security-policy")).toBe(
      "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    );
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    // Errors get the same headers.
    const denied = await call(server, "GET", "/api/audit", { cookie: await sessionFor(server, supervisor) });
    expect(denied.headers.get("cache-control")).toBe("no-store");
    expect(denied.headers.get("content-security-policy")).toContain("object-src 'none'");
  });

  it("returns a stored XSS payload as JSON data, never as HTML", async () => {
    const doc = await buildDocument(
      server,
      "ra",
      `关于某项工作的通知\n一、工作任务\n（一）${XSS}推进工作。（责任单位：区教委）\n`,
      "x.txt",
    );
    const cookie = await sessionFor(server, supervisor);
    const res = await call(server, "GET", `/api/documents/${doc}`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    const body = (await res.json()) as { data: { text: string; taskList: { text: string }[] } };
    expect(body.data.text).toContain(XSS);
    const me = await call(server, "PATCH", "/api/auth/me", {
      cookie,
      json: { displayName: `<script>alert(1)</script>` },
    });
    expect(me.status).toBe(200);
    expect(me.headers.get("content-type")).toBe("application/json");
    expect(((await me.json()) as { data: { displayName: string } }).data.displayName).toBe(
      "<script>alert(1)</script>",
    );
  });

  it("rejects unknown body fields (400): no role or region smuggled into an update", async () => {
    const cookie = await sessionFor(server, supervisor);
    const extra = await call(server, "PATCH", "/api/auth/me", {
      cookie,
      json: { displayName: "x", role: "system_admin" },
    });
    expect(extra.status).toBe(400);
    const body = (await extra.json()) as { error: { code: string; details: string[] } };
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.details).toHaveLength(1);
    const victim = await buildUser(server, { role: "leader" });
    const smuggle = await call(server, "PATCH", `/api/users/${victim.id}`, {
      cookie: await sessionFor(server, admin),
      json: { regionId: "rb" },
    });
    expect(smuggle.status).toBe(400);
    const malformed = await call(server, "PATCH", "/api/auth/me", {
      cookie,
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    expect(await code(malformed)).toBe("VALIDATION_FAILED");
  });

  it("a JSON body over 1 MiB → 413, by Content-Length and chunked", async () => {
    const cookie = await sessionFor(server, supervisor);
    const big = JSON.stringify({ displayName: "x".repeat(1024 * 1024) });
    const res = await call(server, "PATCH", "/api/auth/me", {
      cookie,
      body: big,
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(413);
    expect(await code(res)).toBe("PAYLOAD_TOO_LARGE");
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 65_536) controller.enqueue(bytes.subarray(i, i + 65_536));
        controller.close();
      },
    });
    const chunked = await server.app.request(
      new Request("http://localhost/api/auth/me", {
        method: "PATCH",
        headers: { cookie, "content-type": "application/json", "transfer-encoding": "chunked" },
        body: stream,
        duplex: "half",
      } as RequestInit),
    );
    expect(chunked.status).toBe(413);
  });

  it("answers unknown routes and bad ids with the one error shape", async () => {
    const missing = await call(server, "GET", "/api/nothing-here");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: "NOT_FOUND", message: "未找到", requestId: missing.headers.get("x-request-id") },
    });
    const badId = await call(server, "GET", "/api/tasks/not-a-uuid", {
      cookie: await sessionFor(server, supervisor),
    });
    expect(badId.status).toBe(400);
    const body = (await badId.json()) as { error: { code: string; details: string[] } };
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.details[0]).toMatch(/^id: /);
  });

  it("no response carries a password hash or a TOTP secret", async () => {
    const cookie = await sessionFor(server, admin);
    const created = await call(server, "POST", "/api/users", {
      cookie,
      json: { username: "dto-check", displayName: "x", role: "leader" },
    });
    expect(created.status).toBe(201);
    const createdBody = (await created.json()) as { data: Record<string, unknown>; oneTimePassword: string };
    expect(Object.keys(createdBody.data).sort()).toEqual(
      [
        "createdAt",
        "disabled",
        "displayName",
        "email",
        "id",
        "lastLoginAt",
        "mfa",
        "mustChangePassword",
        "regionId",
        "role",
        "unitId",
        "username",
      ].sort(),
    );
    const list = await (await call(server, "GET", "/api/users?limit=500", { cookie })).text();
    const me = await (await call(server, "GET", "/api/auth/me", { cookie })).text();
    for (const text of [list, me, JSON.stringify(createdBody.data)]) {
      expect(text).not.toMatch(/argon2|password_hash|passwordHash|totp_secret|totpSecret|"secret"/);
    }
  });

  it("serves the OpenAPI document and /health without a session", async () => {
    const doc = await call(server, "GET", "/api/openapi.json");
    expect(doc.status).toBe(200);
    const json = (await doc.json()) as {
      openapi: string;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(json.openapi).toBe("3.0.3");
    expect(json.components.securitySchemes.cookieAuth).toMatchObject({
      type: "apiKey",
      in: "cookie",
      name: "__Host-sid",
    });
    const health = await call(server, "GET", "/health");
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe("ok");
  });
});
