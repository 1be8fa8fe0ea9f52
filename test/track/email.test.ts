/**
 * E-mail reminders (督办单) over a real SMTP conversation, on both backends: accounts carry an
 * e-mail address (set by the system administrator, or by the user on their own account); a
 * reminder run delivers in-app and mails every enabled account of the unit with an address; each
 * attempt is logged and visible through `GET /api/reminders`; a refusing or absent SMTP server
 * costs the e-mail, never the reminder.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditRows,
  backends,
  buildDocument,
  buildServer,
  buildUser,
  call,
  DOC_A,
  sessionFor,
  unitId,
  type TestServer,
} from "../server/helpers.js";
import { expectJson, sessionOf, setBeijing } from "./helpers.js";
import { startSmtp, type TestSmtp } from "./smtp-helpers.js";

interface Delivery {
  channel: "in_app" | "email";
  recipient: string;
  status: string;
  reason: string | null;
  attemptedAt: string;
}
interface Reminder {
  id: string;
  unitId: string;
  taskId: string;
  kind: string;
  due: string;
  deliveries: Delivery[];
}

const PERIOD = {
  kind: "yearly",
  label: "2025年度",
  start: "2025-01-01",
  end: "2025-12-31",
  due: "2025-12-31",
  source: "每年底报送",
};

/** Opens 2025 for DOC_A with one yearly period and returns its id. */
async function openPeriod(server: TestServer, sup: string, doc: string): Promise<string> {
  const res = await expectJson<{ data: { created: { id: string }[] } }>(
    server,
    "POST",
    `/api/documents/${doc}/periods`,
    sup,
    200,
    { year: 2025, periods: [PERIOD] },
  );
  return res.data.created[0]!.id;
}

describe.each(backends)("e-mail reminders on %s", (backend) => {
  let smtp: TestSmtp;
  let server: TestServer;
  let doc: string;
  let period: string;
  let sup: string;
  let transport: string;
  let finance: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    server = await buildServer(backend, {
      settings: { smtp: { url: smtp.url, from: "督查室 <duchashi@example.gov.cn>", timeoutMs: 5000 } },
    });
    doc = await buildDocument(server, "ra", DOC_A, "a.txt");
    sup = await sessionOf(server, "supervisor");
    transport = await unitId(server, "ra", "区交通局");
    finance = await unitId(server, "ra", "区财政局");
    period = await openPeriod(server, sup, doc);
  });
  /** One reminder run of the period, as the supervisor whose session is given. */
  const runReminders = (session: string) =>
    expectJson<{ data: { created: Reminder[] } }>(
      server,
      "POST",
      `/api/periods/${period}/reminders`,
      session,
      200,
    );
  /** Sets an e-mail delivery back to `pending` since `since`: what a run that died before sending leaves. */
  const leftPending = (id: string, since: string) =>
    server.store.db
      .updateTable("reminder_deliveries")
      .set({ status: "pending", attempted_at: new Date(since) })
      .where("id", "=", id)
      .execute();
  /** A delivery's outcome as logged. */
  const delivery = (id: string) =>
    server.store.db
      .selectFrom("reminder_deliveries")
      .select(["status", "reason", "attempted_at"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
  afterAll(async () => {
    await server?.dispose();
    await smtp?.close();
  });

  it("accounts get an address from the system administrator or from the user; malformed addresses are refused", async () => {
    const sys = await sessionOf(server, "system_admin");
    const a = await buildUser(server, { role: "reporter", unitId: transport });
    const b = await buildUser(server, { role: "reporter", unitId: transport });
    const f = await buildUser(server, { role: "reporter", unitId: finance });
    const off = await buildUser(server, { role: "reporter", unitId: transport });
    const set = await expectJson<{ data: { email: string | null } }>(
      server,
      "PATCH",
      `/api/users/${a.id}`,
      sys,
      200,
      { email: " jtj-a@example.gov.cn " },
    );
    expect(set.data.email).toBe("jtj-a@example.gov.cn");
    for (const bad of [
      "not-an-address",
      "x@example.gov.cn\r\nBcc: spy@example.com",
      `${"a".repeat(250)}@b.cn`,
    ])
      await expectJson(server, "PATCH", `/api/users/${a.id}`, sys, 400, { email: bad });
    await expectJson(server, "PATCH", `/api/users/${f.id}`, sys, 200, { email: "czj@example.gov.cn" });
    await expectJson(server, "PATCH", `/api/users/${off.id}`, sys, 200, { email: "off@example.gov.cn" });
    await expectJson(server, "POST", `/api/users/${off.id}/disable`, sys, 200);
    // A user sets their own address on the account route; the audit row keeps before and after.
    const mine = await sessionFor(server, b);
    const me = await expectJson<{ data: { email: string | null; displayName: string } }>(
      server,
      "PATCH",
      "/api/auth/me",
      mine,
      200,
      { email: "jtj-b@example.gov.cn" },
    );
    expect(me.data.email).toBe("jtj-b@example.gov.cn");
    await expectJson(server, "PATCH", "/api/auth/me", mine, 400, { email: "jtj-b@" });
    await expectJson(server, "PATCH", "/api/auth/me", mine, 400, {});
    const rows = (await auditRows(server)).filter(
      (r) => r.action === "account.update" && r.actor_id === b.id && r.outcome === "success",
    );
    expect(rows.at(-1)!.before).toEqual({ displayName: expect.any(String), email: null });
    expect(rows.at(-1)!.after).toMatchObject({ email: "jtj-b@example.gov.cn" });
    // A system administrator may read the address; a reporter sees none of it.
    const read = await expectJson<{ data: { email: string } }>(server, "GET", `/api/users/${b.id}`, sys, 200);
    expect(read.data.email).toBe("jtj-b@example.gov.cn");
  });

  it("a reminder run mails the unit's enabled accounts with an address, in Chinese, and logs every attempt", async () => {
    // 2025-12-24 is 7 days before the due date: the 7-day reminder of every expected report.
    setBeijing(server, "2025-12-24 09:00");
    // Sessions opened in March have long expired.
    const sup = await sessionOf(server, "supervisor");
    const run = await runReminders(sup);
    // DOC_A owes 6 reports: 交通局 1, 财政局 2 (co on two tasks), 教委 1, 发展改革委 1, 卫生健康委 1.
    expect(run.data.created).toHaveLength(6);
    expect(run.data.created.every((r) => r.kind === "before_7")).toBe(true);
    // 交通局's two enabled accounts get the task once each; 财政局's account gets both of its tasks.
    const byRecipient = smtp.received.map((m) => m.to.join(",")).sort();
    expect(byRecipient).toEqual([
      "czj@example.gov.cn",
      "czj@example.gov.cn",
      "jtj-a@example.gov.cn",
      "jtj-b@example.gov.cn",
    ]);
    const toA = smtp.received.find((m) => m.to[0] === "jtj-a@example.gov.cn")!;
    expect(toA.from).toBe("duchashi@example.gov.cn");
    expect(toA.subject).toBe("【督办提醒】2025年度任务落实情况报送将于2025年12月31日截止");
    expect(toA.text).toContain("区交通局：");
    expect(toA.text).toContain("《关于印发某区重点工作落实方案的通知》（某府办发〔2025〕12号）");
    expect(toA.text).toContain("任务：推进城区道路改造。");
    expect(toA.text).toContain("截止日期：2025年12月31日（距截止还有7天）");
    expect(toA.text).toContain("2025年12月24日");
    const financeTexts = smtp.received.filter((m) => m.to[0] === "czj@example.gov.cn").map((m) => m.text);
    expect(financeTexts.some((t) => t.includes("任务：新建中小学校两所。"))).toBe(true);
    expect(financeTexts.some((t) => t.includes("任务：推进城区道路改造。"))).toBe(true);

    const list = await expectJson<{ data: Reminder[] }>(
      server,
      "GET",
      `/api/reminders?periodId=${period}`,
      sup,
      200,
    );
    const ofTransport = list.data.find((r) => r.unitId === transport)!;
    expect(ofTransport.deliveries.map((d) => [d.channel, d.recipient, d.status, d.reason])).toEqual([
      ["in_app", "区交通局", "sent", null],
      ["email", "jtj-a@example.gov.cn", "sent", null],
      ["email", "jtj-b@example.gov.cn", "sent", null],
    ]);
    expect(ofTransport.deliveries.every((d) => d.attemptedAt === "2025-12-24T01:00:00.000Z")).toBe(true);
    // 区教委 has no account with an address: in-app only, the e-mail logged as skipped with the reason.
    const educationUnit = await unitId(server, "ra", "区教委");
    const education = list.data.find((r) => r.unitId === educationUnit)!;
    expect(education.deliveries.map((d) => [d.channel, d.status, d.reason])).toEqual([
      ["in_app", "sent", null],
      ["email", "skipped", "本单位账户均未登记邮箱"],
    ]);
    // The same day again sends nothing twice.
    const again = await runReminders(sup);
    expect(again.data.created).toEqual([]);
    expect(smtp.received).toHaveLength(4);
    // A department sees its own reminders with their deliveries, nobody else's.
    const rep = await sessionOf(server, "reporter", transport);
    const own = await expectJson<{ data: Reminder[] }>(server, "GET", "/api/reminders", rep, 200);
    expect(own.data.map((r) => r.unitId)).toEqual([transport]);
  });

  it("e-mails left pending by a run that died are sent again the same day, and closed as failed after it", async () => {
    const db = server.store.db;
    // Each address has one e-mail delivery so far: the 7-day reminder's.
    const deliveryTo = async (email: string) =>
      db
        .selectFrom("reminder_deliveries")
        .select(["id", "status", "reason", "attempted_at"])
        .where("recipient", "=", email)
        .executeTakeFirstOrThrow();
    // As if the process had died after the 09:00 run's commit and before these two sends: one
    // e-mail left pending since 09:00, another since 09:55 (a run may still be sending it).
    const a = await deliveryTo("jtj-a@example.gov.cn");
    const b = await deliveryTo("jtj-b@example.gov.cn");
    await leftPending(a.id, "2025-12-24T01:00:00Z");
    await leftPending(b.id, "2025-12-24T01:55:00Z");
    const sentBefore = smtp.received.length;
    setBeijing(server, "2025-12-24 10:00");
    const sup = await sessionOf(server, "supervisor");
    const run = await runReminders(sup);
    expect(run.data.created).toEqual([]);
    // The one pending for an hour is sent again, once; the one pending for five minutes is left alone.
    expect(smtp.received.slice(sentBefore).map((m) => m.to.join(","))).toEqual(["jtj-a@example.gov.cn"]);
    expect(smtp.received.at(-1)!.text).toContain("任务：推进城区道路改造。");
    expect(await delivery(a.id)).toMatchObject({
      status: "sent",
      reason: null,
      attempted_at: new Date("2025-12-24T02:00:00Z"),
    });
    expect(await delivery(b.id)).toMatchObject({ status: "pending" });
    // Six days later the e-mail still pending is for a past day's reminder: closed as failed, not sent.
    // The run sends that day's one-day reminders as usual: 4 e-mails, as on 12-24.
    setBeijing(server, "2025-12-30 09:00");
    const later = await sessionOf(server, "supervisor");
    const next = await runReminders(later);
    expect(next.data.created.map((r) => r.kind)).toEqual(Array(6).fill("before_1"));
    expect(smtp.received).toHaveLength(sentBefore + 1 + 4);
    expect(await delivery(b.id)).toMatchObject({
      status: "failed",
      reason: "发送过程中断，邮件未发出；已过提醒当日，不再补发",
      attempted_at: new Date("2025-12-30T01:00:00Z"),
    });
    // Both runs say in their audit row what they did with the interrupted e-mails.
    const audit = (await auditRows(server)).filter((r) => r.action === "period.remind").slice(-2);
    expect(audit.map((r) => r.after)).toEqual([
      { today: "2025-12-24", created: 0, emails: 0, resent: 1 },
      { today: "2025-12-30", created: 6, emails: 4, closed: 1 },
    ]);
  });

  it("without SMTP, the next run closes that day's interrupted e-mails as skipped instead of sending them", async () => {
    const db = server.store.db;
    // The 12-30 run's e-mail to jtj-a, as if that process had died before sending it.
    const latest = await db
      .selectFrom("reminder_deliveries")
      .select("id")
      .where("recipient", "=", "jtj-a@example.gov.cn")
      .orderBy("attempted_at", "desc")
      .executeTakeFirstOrThrow();
    await leftPending(latest.id, "2025-12-30T01:00:00Z");
    const sentBefore = smtp.received.length;
    // The server comes back the same day with no SMTP server configured.
    const configured = server.settings.smtp;
    server.settings.smtp = { ...configured, url: null };
    try {
      setBeijing(server, "2025-12-30 10:00");
      const run = await runReminders(await sessionOf(server, "supervisor"));
      expect(run.data.created).toEqual([]);
    } finally {
      server.settings.smtp = configured;
    }
    expect(smtp.received).toHaveLength(sentBefore);
    expect(await delivery(latest.id)).toEqual({
      status: "skipped",
      reason: "SMTP 未配置，未发送邮件",
      attempted_at: new Date("2025-12-30T02:00:00Z"),
    });
    const audit = (await auditRows(server)).filter((r) => r.action === "period.remind").at(-1)!;
    expect(audit.after).toEqual({ today: "2025-12-30", created: 0, emails: 0, closed: 1 });
  });
});

describe.each(backends)("a refusing or unreachable SMTP server on %s", (backend) => {
  let smtp: TestSmtp;
  let servers: TestServer[] = [];

  beforeAll(async () => {
    smtp = await startSmtp({ refuse: true });
  });
  afterAll(async () => {
    for (const s of servers) await s.dispose();
    servers = [];
    await smtp?.close();
  });

  for (const scenario of ["refuses", "unreachable"] as const)
    it(`the server ${scenario}: the reminder is kept in-app, the failure logged, the run answers 200`, async () => {
      // Port 9 on 127.0.0.1 (discard) has no listener on a test machine: connection refused.
      const url = scenario === "refuses" ? smtp.url : "smtp://127.0.0.1:9";
      const server = await buildServer(backend, {
        settings: { smtp: { url, from: "duchashi@example.gov.cn", timeoutMs: 3000 } },
      });
      servers.push(server);
      const doc = await buildDocument(server, "ra", DOC_A, "a.txt");
      const sup = await sessionOf(server, "supervisor");
      const transport = await unitId(server, "ra", "区交通局");
      const period = await openPeriod(server, sup, doc);
      const sys = await sessionOf(server, "system_admin");
      const user = await buildUser(server, { role: "reporter", unitId: transport });
      await expectJson(server, "PATCH", `/api/users/${user.id}`, sys, 200, { email: "jtj@example.gov.cn" });
      // The day after the due date: the overdue reminder.
      setBeijing(server, "2026-01-01 09:00");
      const late = await sessionOf(server, "supervisor");
      const run = await call(server, "POST", `/api/periods/${period}/reminders`, { cookie: late });
      expect(run.status).toBe(200);
      const created = ((await run.json()) as { data: { created: Reminder[] } }).data.created;
      expect(created).toHaveLength(6);
      expect(created.every((r) => r.kind === "overdue_1")).toBe(true);
      const list = await expectJson<{ data: Reminder[] }>(server, "GET", "/api/reminders", late, 200);
      expect(list.data).toHaveLength(6);
      const mine = list.data.find((r) => r.unitId === transport)!;
      expect(mine.deliveries[0]).toMatchObject({ channel: "in_app", recipient: "区交通局", status: "sent" });
      expect(mine.deliveries[1]).toMatchObject({
        channel: "email",
        recipient: "jtj@example.gov.cn",
        status: "failed",
      });
      expect(mine.deliveries[1]!.reason).toMatch(scenario === "refuses" ? /^550 / : /ECONNREFUSED/);
      // The run's one audit row says how many e-mails it queued.
      const audit = (await auditRows(server)).filter((r) => r.action === "period.remind");
      expect(audit).toHaveLength(1);
      expect(audit[0]!.after).toEqual({ today: "2026-01-01", created: 6, emails: 1 });
    });
  it("nothing reached the refusing server's mailbox", () => {
    expect(smtp.received).toEqual([]);
  });
});
