/**
 * The audit log (docs/security.md M9–M11): append-only in the database on both backends, hash
 * chained, verified by the API and the CLI, tamper found and named, purges of young rows refused,
 * and an audit failure fails the change it records.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAudit } from "../../src/cli/commands/audit.js";
import {
  appendAuditAlone,
  canonicalRow,
  chainHash,
  GENESIS_HASH,
  verifyAudit,
} from "../../src/server/audit/log.js";
import { purgeAudit } from "../../src/server/index.js";
import {
  auditRows,
  backends,
  buildServer,
  buildUser,
  call,
  sessionFor,
  T0,
  type TestServer,
} from "./helpers.js";

const DAY = 86_400_000;

function record(at: Date, action: string) {
  return {
    at,
    regionId: "ra",
    actorId: null,
    actorName: "tester",
    unitId: null,
    ip: "10.0.0.1",
    action,
    objectType: "thing",
    objectId: "1",
    outcome: "success" as const,
    before: { name: "旧" },
    after: { name: "新", list: [1, 2] },
    detail: null,
    requestId: "r-1",
  };
}

/** Captures what a CLI command writes. */
function sink() {
  const chunks: string[] = [];
  return {
    stream: { write: (s: string) => chunks.push(s) } as unknown as NodeJS.WritableStream,
    text: () => chunks.join(""),
  };
}

describe.each(backends)("audit log on %s", (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await buildServer(backend);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it("chains rows: the first links to the genesis hash, each next one to the previous row's hash", async () => {
    const first = await appendAuditAlone(server.store.db, record(T0, "a.first"));
    const second = await appendAuditAlone(server.store.db, record(new Date(T0.getTime() + 1000), "a.second"));
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
    expect(first.hash).toBe(chainHash(GENESIS_HASH, 1, record(T0, "a.first")));
    // The canonical row sorts keys, so jsonb's own key order does not matter.
    expect(canonicalRow(1, record(T0, "a.first"))).toBe(
      '{"action":"a.first","actorId":null,"actorName":"tester","after":{"list":[1,2],"name":"新"},"at":"2025-03-01T01:00:00.000Z","before":{"name":"旧"},"detail":null,"ip":"10.0.0.1","objectId":"1","objectType":"thing","outcome":"success","regionId":"ra","requestId":"r-1","seq":1,"unitId":null}',
    );
    expect(await verifyAudit(server.store.db)).toEqual({ ok: true, rows: 2, firstSeq: 1, lastSeq: 2 });
  });

  it("refuses UPDATE, DELETE and TRUNCATE in the database itself", async () => {
    await expect(
      sql`UPDATE audit_log SET action = 'x' WHERE seq = 1`.execute(server.store.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE seq = 2`.execute(server.store.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`TRUNCATE audit_log`.execute(server.store.db)).rejects.toThrow(/append-only/);
    expect((await auditRows(server)).map((r) => r.action)).toEqual(["a.first", "a.second"]);
  });

  it("a row edited behind the trigger's back is named by verify, in the API and the CLI", async () => {
    await appendAuditAlone(server.store.db, record(new Date(T0.getTime() + 2000), "a.third"));
    await server.store.db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(trx);
      await sql`UPDATE audit_log SET after = '{"name":"改过","list":[1,2]}' WHERE seq = 2`.execute(trx);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(trx);
    });
    expect(await verifyAudit(server.store.db)).toEqual({
      ok: false,
      rows: 2,
      firstSeq: 1,
      lastSeq: 2,
      firstBad: { seq: 2, reason: "hash" },
    });

    const auditor = await buildUser(server, { role: "audit_admin" });
    const res = await call(server, "GET", "/api/audit/verify", { cookie: await sessionFor(server, auditor) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: unknown }).data).toEqual({
      ok: false,
      rows: 2,
      firstSeq: 1,
      lastSeq: 2,
      firstBad: { seq: 2, reason: "hash" },
    });

    if (backend === "postgres") {
      // The CLI opens the store from the environment: point it at this test's schema.
      const out = sink();
      const env = {
        DATABASE_URL: process.env.LUOSHI_TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test",
        LUOSHI_DB_SCHEMA: server.store.schema!,
      };
      const saved = { ...process.env };
      Object.assign(process.env, env);
      try {
        await expect(runAudit(["verify"], out.stream)).rejects.toThrow(
          "审计日志校验失败：序号 2 的记录内容与哈希不符（记录被改动） [AUDIT_CHAIN_BROKEN]",
        );
      } finally {
        for (const key of Object.keys(env)) {
          if (saved[key] === undefined) delete process.env[key];
          else process.env[key] = saved[key];
        }
      }
    }
  });

  it("a deleted row shows as a gap; a replaced prev_hash as a broken link", async () => {
    const fresh = await buildServer(backend);
    try {
      for (let i = 0; i < 4; i++)
        await appendAuditAlone(fresh.store.db, record(new Date(T0.getTime() + i), `b.${i}`));
      await fresh.store.db.transaction().execute(async (trx) => {
        await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(trx);
        await sql`DELETE FROM audit_log WHERE seq = 3`.execute(trx);
        await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(trx);
      });
      expect((await verifyAudit(fresh.store.db)).firstBad).toEqual({ seq: 4, reason: "gap" });
      await fresh.store.db.transaction().execute(async (trx) => {
        await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(trx);
        await sql`UPDATE audit_log SET prev_hash = ${"f".repeat(64)} WHERE seq = 2`.execute(trx);
        await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(trx);
      });
      expect((await verifyAudit(fresh.store.db)).firstBad).toEqual({ seq: 2, reason: "link" });
    } finally {
      await fresh.dispose();
    }
  });

  it("a purge of rows younger than 180 days is refused, by the application and by the database", async () => {
    const fresh = await buildServer(backend, { start: new Date() });
    try {
      await appendAuditAlone(fresh.store.db, record(new Date(), "c.young"));
      await expect(
        purgeAudit(fresh.store.db, {
          before: new Date(Date.now() + DAY),
          clock: fresh.clock,
          retentionDays: 180,
          actorName: "t",
        }),
      ).rejects.toMatchObject({ code: "AUDIT_RETENTION", status: 409 });
      // Even naming the purge in the transaction does not let the database delete a young row.
      await expect(
        fresh.store.db.transaction().execute(async (trx) => {
          await sql`SELECT set_config('luoshi.audit_maintenance', 'purge', true)`.execute(trx);
          await sql`DELETE FROM audit_log`.execute(trx);
        }),
      ).rejects.toThrow(/append-only/);
      expect(await auditRows(fresh)).toHaveLength(1);
    } finally {
      await fresh.dispose();
    }
  });

  it("rows past 180 days can be purged from the oldest end; the rest of the chain still verifies", async () => {
    const now = new Date();
    const fresh = await buildServer(backend, { start: now });
    try {
      const old = new Date(now.getTime() - 400 * DAY);
      for (let i = 0; i < 3; i++)
        await appendAuditAlone(fresh.store.db, record(new Date(old.getTime() + i * DAY), `d.old${i}`));
      await appendAuditAlone(fresh.store.db, record(new Date(now.getTime() - 10 * DAY), "d.recent"));
      const result = await purgeAudit(fresh.store.db, {
        before: new Date(now.getTime() - 200 * DAY),
        clock: fresh.clock,
        retentionDays: 180,
        actorName: "cli",
      });
      expect(result).toEqual({ deleted: 3, anchorSeq: 4 });
      const rows = await auditRows(fresh);
      expect(rows.map((r) => [Number(r.seq), r.action])).toEqual([
        [4, "d.recent"],
        [5, "audit.purge"],
      ]);
      expect(rows[1]!.detail).toMatchObject({ deleted: 3, anchorSeq: 4 });
      expect(await verifyAudit(fresh.store.db)).toEqual({ ok: true, rows: 2, firstSeq: 4, lastSeq: 5 });
    } finally {
      await fresh.dispose();
    }
  });

  it("if the audit insert fails, the change fails: 500, and the data is unchanged", async () => {
    const fresh = await buildServer(backend);
    try {
      const admin = await buildUser(fresh, { role: "system_admin" });
      const cookie = await sessionFor(fresh, admin);
      await sql
        .raw(
          `CREATE FUNCTION audit_fail() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.action = 'user.create' THEN RAISE EXCEPTION 'audit storage failed'; END IF; RETURN NEW; END $$`,
        )
        .execute(fresh.store.db);
      await sql`CREATE TRIGGER audit_fail BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_fail()`.execute(
        fresh.store.db,
      );
      const res = await call(fresh, "POST", "/api/users", {
        cookie,
        json: { username: "never-created", displayName: "x", role: "leader" },
      });
      expect(res.status).toBe(500);
      const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
      expect(body.error).toEqual({
        code: "INTERNAL",
        message: "服务器内部错误",
        requestId: res.headers.get("x-request-id"),
      });
      expect(JSON.stringify(body)).not.toMatch(/at |audit storage|\.ts/);
      const user = await fresh.store.db
        .selectFrom("users")
        .select("id")
        .where("username", "=", "never-created")
        .executeTakeFirst();
      expect(user).toBeUndefined();
      // The failure itself was logged, with its stack, on the server side only.
      expect(fresh.log.lines.join("\n")).toContain("audit storage failed");
    } finally {
      await fresh.dispose();
    }
  });

  it("the audit administrator lists (newest first, times with their UTC offset) and exports CSV with formula cells defused", async () => {
    const fresh = await buildServer(backend);
    try {
      const auditor = await buildUser(fresh, { role: "audit_admin" });
      const cookie = await sessionFor(fresh, auditor);
      await call(fresh, "POST", "/api/auth/login", {
        json: { username: '=HYPERLINK("http://x")', password: "whatever" },
      });
      const list = await call(fresh, "GET", "/api/audit?limit=5", { cookie });
      expect(list.status).toBe(200);
      const body = (await list.json()) as {
        data: { seq: number; at: string; action: string; actorName: string }[];
        page: { total: number };
      };
      expect(body.data[0]).toMatchObject({ action: "login", actorName: '=HYPERLINK("http://x")' });
      expect(body.data[0]!.at).toMatch(/^2025-03-01T\d{2}:00:00\.000[+-]\d{2}:\d{2}$/);
      const csv = await call(fresh, "GET", "/api/audit/export?format=csv", { cookie });
      expect(csv.status).toBe(200);
      expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(csv.headers.get("content-disposition")).toMatch(
        /^attachment; filename=".*\.csv"; filename\*=UTF-8''/,
      );
      const bytes = new Uint8Array(await csv.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM, so Excel reads UTF-8
      const text = new TextDecoder().decode(bytes);
      expect(text.startsWith("seq,at,regionId,actorName,")).toBe(true);
      expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
      const ndjson = await call(fresh, "GET", "/api/audit/export", { cookie });
      const lines = (await ndjson.text())
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { action: string });
      // The CSV export was recorded before the NDJSON one streamed its rows.
      expect(lines.map((l) => l.action)).toEqual(["login", "audit.export", "audit.export"]);
    } finally {
      await fresh.dispose();
    }
  });
});
