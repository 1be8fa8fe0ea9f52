/**
 * Exceptions (补报例外) listed and revoked, and the region's supervision settings driving lights and
 * reminders, on both backends. The 方案 (DOC_A): 道路 led by 区交通局 with 区财政局; 学校 led by
 * 区教委 with 区财政局 and 区发展改革委; 医疗 by 区卫生健康委. Its yearly periods are due 12-31.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  backends,
  buildDocument,
  buildServer,
  call,
  DOC_A,
  taskId,
  unitId,
  type TestServer,
} from "../server/helpers.js";
import { reminderLabel, reminderSchedule, remindersDue } from "../../src/track/rules/reminders.js";
import { taskLight } from "../../src/track/rules/light.js";
import { settingsProblems } from "../../src/track/settings.js";
import { expectJson, progressBody, sessionOf, setBeijing } from "./helpers.js";

interface ExceptionRow {
  unitId: string;
  unitName: string;
  reason: string;
  grantedByName: string | null;
  grantedAt: string;
  inForce: boolean;
  revokedAt: string | null;
}

describe("settings as parameters of the pure rules", () => {
  it("a schedule of −10, 0, +3 days for a 2026-12-31 deadline, worked by hand", () => {
    expect(reminderSchedule("2026-12-31", [-10, 0, 3])).toEqual([
      { kind: "before_10", sendOn: "2026-12-21" },
      { kind: "due_0", sendOn: "2026-12-31" },
      { kind: "overdue_3", sendOn: "2027-01-03" },
    ]);
    expect(remindersDue("2026-12-31", "2026-12-20", new Set(), [-10, 0, 3])).toEqual([]);
    expect(remindersDue("2026-12-31", "2026-12-25", new Set(), [-10, 0, 3])).toEqual(["before_10"]);
    expect(remindersDue("2026-12-31", "2027-01-05", new Set(["due_0"]), [-10, 0, 3])).toEqual(["overdue_3"]);
    expect(
      ["before_1", "before_10", "due_0", "overdue_1", "overdue_3"].map((k) => reminderLabel(k as never)),
    ).toEqual(["明天报送截止", "距报送截止还有10天", "今天报送截止", "已逾期未报送", "已逾期3天未报送"]);
    // 11 days left: green at the default 7, yellow at 14.
    const input = { today: "2026-12-20", due: "2026-12-31", reported: false, returnCount: 0 };
    expect(taskLight({ ...input, yellowDays: 7 })).toBe("green");
    expect(taskLight({ ...input, yellowDays: 14 })).toBe("yellow");
  });

  it("validation: yellow days 0–60, offsets a sorted set of integers −30…90", () => {
    expect(settingsProblems({ yellowDays: 0, reminderOffsets: [-30, 90] })).toEqual([]);
    expect(settingsProblems({ yellowDays: 60, reminderOffsets: [] })).toEqual([]);
    expect(settingsProblems({ yellowDays: 61, reminderOffsets: [1] })).toHaveLength(1);
    expect(settingsProblems({ yellowDays: 7, reminderOffsets: [-31] })).toHaveLength(1);
    expect(settingsProblems({ yellowDays: 7, reminderOffsets: [91] })).toHaveLength(1);
    expect(settingsProblems({ yellowDays: 7, reminderOffsets: [-7, -21] })).toHaveLength(1);
    expect(settingsProblems({ yellowDays: 7, reminderOffsets: [-7, -7] })).toHaveLength(1);
    expect(settingsProblems({ yellowDays: 7, reminderOffsets: [1.5] })).toHaveLength(1);
  });
});

describe.each(backends)("exceptions and settings on %s", (backend) => {
  let server: TestServer;
  let doc: string;
  let road: string;
  let sup: string;
  let leader: string;
  let sysadmin: string;
  let transport: string;
  let education: string;
  let finance: string;
  let transportRep: string;
  let educationRep: string;
  let financeRep: string;

  beforeAll(async () => {
    server = await buildServer(backend);
    doc = await buildDocument(server, "ra", DOC_A, "a.txt");
    road = await taskId(server, doc, "道路");
    transport = await unitId(server, "ra", "区交通局");
    education = await unitId(server, "ra", "区教委");
    finance = await unitId(server, "ra", "区财政局");
    await at("2025-03-01 09:00");
  });
  afterAll(async () => {
    await server?.dispose();
  });

  /** Moves the clock and signs everyone in again (days pass, sessions expire). */
  const at = async (local: string) => {
    setBeijing(server, local);
    transportRep = await sessionOf(server, "reporter", transport);
    educationRep = await sessionOf(server, "reporter", education);
    financeRep = await sessionOf(server, "reporter", finance);
    sup = await sessionOf(server, "supervisor");
    leader = await sessionOf(server, "leader");
    sysadmin = await sessionOf(server, "system_admin");
  };
  const openYear = async (year: number) => {
    const opened = await expectJson<{ data: { created: { id: string; due: string }[] } }>(
      server,
      "POST",
      `/api/documents/${doc}/periods`,
      sup,
      200,
      { year },
    );
    expect(opened.data.created.map((p) => p.due)).toEqual([`${year}-12-31`]);
    return opened.data.created[0]!.id;
  };
  const exceptions = (period: string, cookie: string) =>
    expectJson<{ data: ExceptionRow[] }>(server, "GET", `/api/periods/${period}/exceptions`, cookie, 200);

  it("an exception is listed, revoked (then 423 again), and revoking twice says nothing changed", async () => {
    await at("2025-06-01 10:00");
    const period = await openYear(2025);
    const report = (
      await expectJson<{ data: { id: string } }>(server, "POST", "/api/reports", transportRep, 201, {
        periodId: period,
        taskId: road,
      })
    ).data.id;
    await expectJson(server, "POST", `/api/periods/${period}/close`, sup, 200, {});
    const save = (version: number) =>
      call(server, "PATCH", `/api/reports/${report}`, { cookie: transportRep, json: progressBody(version) });
    expect((await save(1)).status).toBe(423);
    expect((await exceptions(period, sup)).data).toEqual([]);

    await at("2025-06-02 09:00");
    await expectJson(server, "POST", `/api/periods/${period}/exceptions`, sup, 200, {
      unitId: transport,
      reason: "系统故障未能按时报送",
    });
    await at("2025-06-02 09:30");
    await expectJson(server, "POST", `/api/periods/${period}/exceptions`, sup, 200, {
      unitId: education,
      reason: "人员调整",
    });
    const listed = (await exceptions(period, sup)).data;
    expect(listed.map((e) => [e.unitName, e.reason, e.inForce, e.revokedAt])).toEqual([
      ["区教委", "人员调整", true, null],
      ["区交通局", "系统故障未能按时报送", true, null],
    ]);
    expect(listed[1]!.grantedAt).toBe("2025-06-02T01:00:00.000Z");
    expect(listed[1]!.grantedByName).toEqual(expect.any(String));
    // Leaders read every unit's; a department only its own, or none.
    expect((await exceptions(period, leader)).data).toHaveLength(2);
    expect((await exceptions(period, transportRep)).data.map((e) => e.unitName)).toEqual(["区交通局"]);
    expect((await exceptions(period, educationRep)).data.map((e) => e.unitName)).toEqual(["区教委"]);
    expect((await exceptions(period, financeRep)).data).toEqual([]);

    expect((await save(1)).status).toBe(200);

    // Only the 督查室 revokes.
    for (const cookie of [transportRep, leader, sysadmin])
      expect(
        (await call(server, "DELETE", `/api/periods/${period}/exceptions/${transport}`, { cookie })).status,
      ).toBe(403);
    await at("2025-06-03 10:00");
    const revoked = await expectJson<{ data: { exception: ExceptionRow; changed: boolean } }>(
      server,
      "DELETE",
      `/api/periods/${period}/exceptions/${transport}`,
      sup,
      200,
    );
    expect(revoked.data.changed).toBe(true);
    expect(revoked.data.exception).toMatchObject({ inForce: false, revokedAt: "2025-06-03T02:00:00.000Z" });
    expect((await save(2)).status).toBe(423);

    await at("2025-06-04 10:00");
    const again = await expectJson<{ data: { exception: ExceptionRow; changed: boolean } }>(
      server,
      "DELETE",
      `/api/periods/${period}/exceptions/${transport}`,
      sup,
      200,
    );
    expect(again.data.changed).toBe(false);
    // The first revocation's time stays.
    expect(again.data.exception.revokedAt).toBe("2025-06-03T02:00:00.000Z");
    const never = await call(server, "DELETE", `/api/periods/${period}/exceptions/${finance}`, {
      cookie: sup,
    });
    expect(never.status).toBe(404);

    // In force first, then revoked; 区教委 keeps its exception.
    expect((await exceptions(period, sup)).data.map((e) => [e.unitName, e.inForce])).toEqual([
      ["区教委", true],
      ["区交通局", false],
    ]);
    const audit = await server.store.db
      .selectFrom("audit_log")
      .select(["outcome", "before", "after", "detail"])
      .where("action", "=", "period.exception.revoke")
      .orderBy("seq")
      .execute();
    expect(audit.map((a) => [a.outcome, (a.before as { inForce: boolean } | null)?.inForce])).toEqual([
      ["denied", undefined],
      ["denied", undefined],
      ["denied", undefined],
      ["success", true],
      ["success", false],
      // A 404 is audited as denied, as every refusal is.
      ["denied", undefined],
    ]);

    // Granting again puts it back in force.
    await expectJson(server, "POST", `/api/periods/${period}/exceptions`, sup, 200, {
      unitId: transport,
      reason: "再次补报",
    });
    expect((await save(2)).status).toBe(200);
  });

  it("settings: defaults, who reads, who writes, validation, and the server facts only for the system administrator", async () => {
    type Settings = {
      data: {
        supervision: { yellowDays: number; reminderOffsets: number[]; updatedAt: string | null };
        server: Record<string, unknown> | null;
      };
      policies: Record<string, boolean>;
    };
    const s = await expectJson<Settings>(server, "GET", "/api/settings", sup, 200);
    expect(s.data.supervision).toMatchObject({
      yellowDays: 7,
      reminderOffsets: [-21, -7, -1, 1],
      updatedAt: null,
    });
    expect(s.data.server).toBeNull();
    expect(s.policies).toEqual({ read: true, update: true, readServer: false });
    expect((await expectJson<Settings>(server, "GET", "/api/settings", leader, 200)).policies).toEqual({
      read: true,
      update: false,
      readServer: false,
    });
    const admin = await call(server, "GET", "/api/settings", { cookie: sysadmin });
    const text = await admin.text();
    expect((JSON.parse(text) as Settings).data.server).toEqual({
      uploadBytes: server.settings.limits.uploadBytes,
      sessionIdleMinutes: server.settings.session.idleMinutes,
      sessionAbsoluteHours: server.settings.session.absoluteHours,
      smtpConfigured: false,
    });
    expect(text).not.toMatch(/smtp:\/\/|password|secret|key/i);
    expect((await call(server, "GET", "/api/settings", { cookie: transportRep })).status).toBe(403);

    const put = (cookie: string, body: unknown) =>
      call(server, "PUT", "/api/settings", { cookie, json: body });
    expect((await put(leader, { yellowDays: 14, reminderOffsets: [-10] })).status).toBe(403);
    for (const bad of [
      { yellowDays: 61, reminderOffsets: [-10] },
      { yellowDays: -1, reminderOffsets: [-10] },
      { yellowDays: 14, reminderOffsets: [0, -10] },
      { yellowDays: 14, reminderOffsets: [-10, -10] },
      { yellowDays: 14, reminderOffsets: [-31] },
      { yellowDays: 14, reminderOffsets: [91] },
      { yellowDays: 14, reminderOffsets: [2.5] },
    ])
      expect((await put(sup, bad)).status, JSON.stringify(bad)).toBe(400);
    const stored = await server.store.db.selectFrom("region_settings").selectAll().execute();
    expect(stored).toEqual([]);
  });

  it("a yellow threshold of 14 and reminders at −10, 0 and +3 days change lights and reminders", async () => {
    await at("2026-12-10 10:00");
    const period = await openYear(2026);
    const expected = await expectJson<{ data: { expected: unknown[] } }>(
      server,
      "GET",
      `/api/periods/${period}/expected`,
      sup,
      200,
    );
    // 道路: 交通局, 财政局; 学校: 教委, 财政局, 发展改革委; 医疗: 卫生健康委.
    const owed = expected.data.expected.length;
    expect(owed).toBe(6);
    const lights = async () =>
      (
        await expectJson<{ data: { yellowDays: number; tasks: { light: string }[] } }>(
          server,
          "GET",
          `/api/periods/${period}/lights`,
          sup,
          200,
        )
      ).data;
    type Created = { data: { created: { kind: string; message: string; sendOn: string }[] } };
    const remind = async () =>
      (await expectJson<Created>(server, "POST", `/api/periods/${period}/reminders`, sup, 200, {})).data
        .created;

    await at("2026-12-20 10:00");
    // 11 days left: green under the default 7.
    expect(await lights()).toMatchObject({ yellowDays: 7 });
    expect((await lights()).tasks.map((t) => t.light)).toEqual(["green", "green", "green"]);

    await at("2026-12-09 10:00");
    const saved = await expectJson<{ data: { supervision: unknown } }>(
      server,
      "PUT",
      "/api/settings",
      sup,
      200,
      {
        yellowDays: 14,
        reminderOffsets: [-10, 0, 3],
      },
    );
    expect(saved.data.supervision).toMatchObject({ yellowDays: 14, reminderOffsets: [-10, 0, 3] });
    const audit = await server.store.db
      .selectFrom("audit_log")
      .select(["before", "after", "outcome"])
      .where("action", "=", "settings.update")
      .where("outcome", "=", "success")
      .execute();
    expect(audit.map((a) => [a.before, a.after])).toEqual([
      [
        { yellowDays: 7, reminderOffsets: [-21, -7, -1, 1] },
        { yellowDays: 14, reminderOffsets: [-10, 0, 3] },
      ],
    ]);

    // 2026-12-10 is 21 days before: the default schedule would send before_21; this one sends nothing.
    await at("2026-12-10 10:00");
    expect(await remind()).toEqual([]);
    await at("2026-12-20 10:00");
    expect(await lights()).toMatchObject({ yellowDays: 14 });
    expect((await lights()).tasks.map((t) => t.light)).toEqual(["yellow", "yellow", "yellow"]);
    // A threshold asked for in the query still wins.
    const asked = await expectJson<{ data: { tasks: { light: string }[] } }>(
      server,
      "GET",
      `/api/periods/${period}/lights?yellowDays=7`,
      sup,
      200,
    );
    expect(asked.data.tasks.map((t) => t.light)).toEqual(["green", "green", "green"]);
    expect(await remind()).toEqual([]);

    await at("2026-12-21 10:00");
    const tenBefore = await remind();
    expect(tenBefore).toHaveLength(owed);
    expect(new Set(tenBefore.map((r) => `${r.kind}|${r.message}|${r.sendOn}`))).toEqual(
      new Set(["before_10|距报送截止还有10天|2026-12-21"]),
    );
    expect(await remind()).toEqual([]);
    await at("2026-12-31 10:00");
    expect(new Set((await remind()).map((r) => `${r.kind}|${r.message}`))).toEqual(
      new Set(["due_0|今天报送截止"]),
    );
    await at("2027-01-02 10:00");
    expect(await remind()).toEqual([]);
    await at("2027-01-03 10:00");
    const overdue = await remind();
    expect(overdue).toHaveLength(owed);
    expect(new Set(overdue.map((r) => `${r.kind}|${r.message}`))).toEqual(
      new Set(["overdue_3|已逾期3天未报送"]),
    );
    await at("2027-01-04 10:00");
    expect(await remind()).toEqual([]);
  });
});
