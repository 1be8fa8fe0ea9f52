/**
 * Who may touch which report, and what two saves of one report at the same version do, on both
 * backends. The 方案 (DOC_A): 道路 led by 区交通局 with 区财政局; 学校 led by 区教委; 医疗 by 区卫生健康委.
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
import { expectJson, progressBody, sessionOf } from "./helpers.js";

describe.each(backends)("report access and concurrency on %s", (backend) => {
  let server: TestServer;
  let period: string;
  let road: string;
  let transportRep: string;
  let financeRep: string;
  let healthRep: string;
  let sup: string;
  let transportReport: string;
  let financeReport: string;

  beforeAll(async () => {
    server = await buildServer(backend);
    const doc = await buildDocument(server, "ra", DOC_A, "a.txt");
    road = await taskId(server, doc, "道路");
    transportRep = await sessionOf(server, "reporter", await unitId(server, "ra", "区交通局"));
    financeRep = await sessionOf(server, "reporter", await unitId(server, "ra", "区财政局"));
    healthRep = await sessionOf(server, "reporter", await unitId(server, "ra", "区卫生健康委"));
    sup = await sessionOf(server, "supervisor");
    const opened = await expectJson<{ data: { created: { id: string }[] } }>(
      server,
      "POST",
      `/api/documents/${doc}/periods`,
      sup,
      200,
      { year: 2025 },
    );
    period = opened.data.created[0]!.id;
    transportReport = (
      await expectJson<{ data: { id: string } }>(server, "POST", "/api/reports", transportRep, 201, {
        periodId: period,
        taskId: road,
      })
    ).data.id;
    financeReport = (
      await expectJson<{ data: { id: string } }>(server, "POST", "/api/reports", financeRep, 201, {
        periodId: period,
        taskId: road,
      })
    ).data.id;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it("two saves of one report at version 1: one 200 (version 2), one 409 carrying version 2", async () => {
    const save = (narrative: string) =>
      call(server, "PATCH", `/api/reports/${transportReport}`, {
        cookie: transportRep,
        json: progressBody(1, narrative),
      });
    const [a, b] = await Promise.all([save("甲"), save("乙")]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const ok = (await (a.status === 200 ? a : b).json()) as { data: { version: number; narrative: string } };
    const conflict = (await (a.status === 409 ? a : b).json()) as {
      error: { code: string; current: { version: number; narrative: string } };
    };
    expect(ok.data.version).toBe(2);
    expect(conflict.error.code).toBe("VERSION_CONFLICT");
    expect(conflict.error.current.version).toBe(2);
    expect(conflict.error.current.narrative).toBe(ok.data.narrative);
    // A later save on the stale version is refused too; on the current one it goes through.
    await expectJson(server, "PATCH", `/api/reports/${transportReport}`, transportRep, 409, progressBody(1));
    await expectJson(server, "PATCH", `/api/reports/${transportReport}`, transportRep, 200, progressBody(2));
  });

  it("a unit not on the task sees nothing: 404 on read, save, submit, history, open", async () => {
    await expectJson(server, "GET", `/api/reports/${transportReport}`, healthRep, 404);
    await expectJson(server, "PATCH", `/api/reports/${transportReport}`, healthRep, 404, progressBody(3));
    await expectJson(server, "POST", `/api/reports/${transportReport}/submit`, healthRep, 404, {});
    await expectJson(server, "GET", `/api/reports/${transportReport}/versions`, healthRep, 404);
    await expectJson(server, "POST", "/api/reports", healthRep, 404, { periodId: period, taskId: road });
    const list = await expectJson<{ data: unknown[] }>(
      server,
      "GET",
      `/api/reports?periodId=${period}`,
      healthRep,
      200,
    );
    expect(list.data).toEqual([]);
  });

  it("the lead unit reads its co-unit's report but cannot change it; the co-unit cannot read the lead's", async () => {
    await expectJson(server, "GET", `/api/reports/${financeReport}`, transportRep, 200);
    await expectJson(server, "PATCH", `/api/reports/${financeReport}`, transportRep, 403, progressBody(1));
    await expectJson(server, "GET", `/api/reports/${transportReport}`, financeRep, 404);
    const lead = await expectJson<{ data: { unitId: string }[] }>(
      server,
      "GET",
      `/api/reports?periodId=${period}`,
      transportRep,
      200,
    );
    expect(lead.data).toHaveLength(2);
    const co = await expectJson<{ data: { id: string }[] }>(
      server,
      "GET",
      `/api/reports?periodId=${period}`,
      financeRep,
      200,
    );
    expect(co.data.map((r) => r.id)).toEqual([financeReport]);
    // Only the lead unit writes the consolidated report.
    await expectJson(server, "POST", "/api/reports", financeRep, 404, {
      periodId: period,
      taskId: road,
      consolidated: true,
    });
    const consolidated = await expectJson<{ data: { consolidated: boolean } }>(
      server,
      "POST",
      "/api/reports",
      transportRep,
      201,
      { periodId: period, taskId: road, consolidated: true },
    );
    expect(consolidated.data.consolidated).toBe(true);
  });

  it("another region answers 404; administrators see no reports; leaders and supervisors cannot write one", async () => {
    const other = await sessionOf(server, "supervisor", null, "rb");
    await expectJson(server, "GET", `/api/reports/${transportReport}`, other, 404);
    await expectJson(server, "GET", `/api/periods/${period}`, other, 404);
    await expectJson(server, "POST", `/api/periods/${period}/close`, other, 404);
    const leader = await sessionOf(server, "leader");
    await expectJson(server, "PATCH", `/api/reports/${transportReport}`, leader, 403, progressBody(3));
    const admin = await sessionOf(server, "system_admin");
    await expectJson(server, "GET", `/api/reports/${transportReport}`, admin, 403);
    await expectJson(
      server,
      "GET",
      `/api/periods?documentId=${"00000000-0000-0000-0000-000000000000"}`,
      admin,
      403,
    );
    await expectJson(server, "PATCH", `/api/reports/${transportReport}`, sup, 403, progressBody(3));
  });

  it("evidence goes through the upload gate, is stored with its SHA-256 and downloads as an attachment", async () => {
    const upload = (name: string, content: string, cookie: string) => {
      const form = new FormData();
      form.set("file", new File([content], name, { type: "text/plain" }));
      return call(server, "POST", `/api/reports/${transportReport}/evidence`, { cookie, body: form });
    };
    expect((await upload("page.html", "<!DOCTYPE html><script>alert(1)</script>", transportRep)).status).toBe(
      415,
    );
    expect((await upload("note.txt", "会议纪要", healthRep)).status).toBe(404);
    const res = await upload("会议纪要.txt", "会议纪要：道路改造已完成招标。", transportRep);
    expect(res.status).toBe(201);
    const evidence = ((await res.json()) as { data: { id: string; sha256: string; byteSize: number } }).data;
    // "会议纪要：道路改造已完成招标。" is 15 characters × 3 bytes in UTF-8 = 45 bytes.
    expect(evidence.byteSize).toBe(45);
    expect(evidence.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await call(server, "GET", `/api/evidence/${evidence.id}`, { cookie: healthRep })).status).toBe(
      404,
    );
    const download = await call(server, "GET", `/api/evidence/${evidence.id}`, { cookie: sup });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(await download.text()).toBe("会议纪要：道路改造已完成招标。");
  });
});
