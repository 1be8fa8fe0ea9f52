/**
 * Self-evaluation against the scored checklist (测评指标) and the supervisor's verification, on both
 * backends; and the content rules of a report through the API (无法完成 needs a reason).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  backends,
  buildDocument,
  buildServer,
  DOC_A,
  taskId,
  unitId,
  type TestServer,
} from "../server/helpers.js";
import { expectJson, progressBody, sessionOf } from "./helpers.js";

interface Item {
  id: string;
  item: string;
  points: number;
  evaluations: { id: string; unitId: string; claimedPoints: number; verifiedPoints: number | null }[];
}

describe.each(backends)("checklist and self-evaluation on %s", (backend) => {
  let server: TestServer;
  let doc: string;
  let period: string;
  let sup: string;
  let transport: string;
  let finance: string;
  let transportRep: string;
  let financeRep: string;

  beforeAll(async () => {
    server = await buildServer(backend);
    doc = await buildDocument(server, "ra", DOC_A, "a.txt");
    sup = await sessionOf(server, "supervisor");
    transport = await unitId(server, "ra", "区交通局");
    finance = await unitId(server, "ra", "区财政局");
    transportRep = await sessionOf(server, "reporter", transport);
    financeRep = await sessionOf(server, "reporter", finance);
    const opened = await expectJson<{ data: { created: { id: string }[] } }>(
      server,
      "POST",
      `/api/documents/${doc}/periods`,
      sup,
      200,
      { year: 2025 },
    );
    period = opened.data.created[0]!.id;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it("a unit scores itself within the item's points, with evidence when required; the supervisor verifies", async () => {
    const item = await expectJson<{ data: Item }>(
      server,
      "POST",
      `/api/periods/${period}/checklist`,
      sup,
      200,
      {
        item: "建立工作台账并按季度更新",
        points: 10,
        evidenceRequired: true,
      },
    );
    const path = `/api/checklist/${item.data.id}/self-evaluation`;
    await expectJson(server, "PUT", path, transportRep, 400, { points: 8, note: "已建立" });
    await expectJson(server, "PUT", path, transportRep, 400, {
      points: 12,
      note: "超分",
      evidence: "台账.xlsx",
    });
    const own = await expectJson<{ data: { id: string; claimedPoints: number } }>(
      server,
      "PUT",
      path,
      transportRep,
      200,
      {
        points: 8,
        note: "已建立",
        evidence: "台账.xlsx",
      },
    );
    expect(own.data.claimedPoints).toBe(8);
    await expectJson(server, "PUT", path, financeRep, 200, {
      points: 10,
      note: "已建立",
      evidence: "台账.xlsx",
    });
    await expectJson(server, "POST", `/api/self-evaluations/${own.data.id}/verify`, transportRep, 403, {
      points: 8,
    });
    await expectJson(server, "POST", `/api/self-evaluations/${own.data.id}/verify`, sup, 400, { points: 11 });
    const verified = await expectJson<{ data: { verifiedPoints: number } }>(
      server,
      "POST",
      `/api/self-evaluations/${own.data.id}/verify`,
      sup,
      200,
      { points: 6, comment: "第三季度未更新" },
    );
    expect(verified.data.verifiedPoints).toBe(6);
    // Each unit sees its own self-evaluation only; the supervisor sees both.
    const mine = await expectJson<{ data: { items: Item[] } }>(
      server,
      "GET",
      `/api/periods/${period}/checklist`,
      transportRep,
      200,
    );
    expect(mine.data.items[0]!.evaluations.map((e) => [e.unitId, e.claimedPoints, e.verifiedPoints])).toEqual(
      [[transport, 8, 6]],
    );
    const all = await expectJson<{ data: { items: Item[] } }>(
      server,
      "GET",
      `/api/periods/${period}/checklist`,
      sup,
      200,
    );
    expect(all.data.items[0]!.evaluations).toHaveLength(2);
  });

  it("无法完成 without a reason is refused with the reason why; with one it saves", async () => {
    const road = await taskId(server, doc, "道路");
    const opened = await expectJson<{ data: { id: string } }>(
      server,
      "POST",
      "/api/reports",
      transportRep,
      201,
      { periodId: period, taskId: road },
    );
    const refused = await expectJson<{ error: { code: string; details: string[] } }>(
      server,
      "PATCH",
      `/api/reports/${opened.data.id}`,
      transportRep,
      400,
      { ...progressBody(1), status: "blocked" },
    );
    expect(refused.error.code).toBe("REPORT_INVALID");
    expect(refused.error.details).toEqual(["状态为无法完成时须说明原因"]);
    const saved = await expectJson<{ data: { status: string; reason: string; version: number } }>(
      server,
      "PATCH",
      `/api/reports/${opened.data.id}`,
      transportRep,
      200,
      { ...progressBody(1), status: "blocked", reason: "征地未完成" },
    );
    expect([saved.data.status, saved.data.reason, saved.data.version]).toEqual(["blocked", "征地未完成", 2]);
  });
});
