/**
 * The three spreadsheets through the API, and the 工作台账 round trip on both backends: export the
 * period's 台账, fill it in as an office would (exceljs), dry-run the import (nothing changes, the
 * plan says what would), import for real (the reports appear, submitted), export again (same values).
 */
import ExcelJS from "exceljs";
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

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The data rows of the 工作台账 sheet, by the header row that has 状态 in column 4. */
async function ledgerRows(bytes: ArrayBuffer): Promise<{ workbook: ExcelJS.Workbook; rows: ExcelJS.Row[] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes);
  const sheet = workbook.getWorksheet("工作台账")!;
  let header = 0;
  sheet.eachRow((row, n) => {
    if (!header && String(row.getCell(4).value ?? "") === "状态") header = n;
  });
  expect(header).toBeGreaterThan(0);
  const rows: ExcelJS.Row[] = [];
  for (let n = header + 1; n <= sheet.rowCount; n++) rows.push(sheet.getRow(n));
  return { workbook, rows };
}

describe.each(backends)("Excel ledgers on %s", (backend) => {
  let server: TestServer;
  let doc: string;
  let period: string;
  let sup: string;
  let transportRep: string;

  beforeAll(async () => {
    server = await buildServer(backend);
    doc = await buildDocument(server, "ra", DOC_A, "a.txt");
    sup = await sessionOf(server, "supervisor");
    transportRep = await sessionOf(server, "reporter", await unitId(server, "ra", "区交通局"));
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

  it("downloads the 任务分工表 and the indicator sheet as .xlsx attachments", async () => {
    for (const path of [`/api/documents/${doc}/task-division`, `/api/periods/${period}/indicator-sheet`]) {
      const res = await call(server, "GET", path, { cookie: sup });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toBe(XLSX);
      expect(res.headers.get("content-disposition")).toMatch(
        /^attachment; filename=".*\.xlsx"; filename\*=UTF-8''/,
      );
      // An .xlsx is a zip: "PK\x03\x04".
      expect([...new Uint8Array(await res.arrayBuffer()).subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    }
    expect(
      (await call(server, "GET", `/api/periods/${period}/ledger`, { cookie: transportRep })).status,
    ).toBe(403);
  });

  it("round trip: export, fill in, dry run, import, export again", async () => {
    // 区交通局 already has a draft on 道路; the ledger has one row per expected report:
    // 道路 × {区交通局, 区财政局}, 学校 × {区教委, 区财政局, 区发展改革委}, 医疗 × {区卫生健康委} = 6 rows.
    const road = await taskId(server, doc, "道路");
    const draft = await expectJson<{ data: { id: string } }>(
      server,
      "POST",
      "/api/reports",
      transportRep,
      201,
      { periodId: period, taskId: road },
    );
    await expectJson(
      server,
      "PATCH",
      `/api/reports/${draft.data.id}`,
      transportRep,
      200,
      progressBody(1, "草稿"),
    );
    const exported = await call(server, "GET", `/api/periods/${period}/ledger`, { cookie: sup });
    expect(exported.status).toBe(200);
    const { workbook, rows } = await ledgerRows(await exported.arrayBuffer());
    expect(rows.map((r) => String(r.getCell(3).value))).toEqual(
      expect.arrayContaining(["区交通局", "区财政局", "区教委", "区发展改革委", "区卫生健康委"]),
    );
    expect(rows).toHaveLength(6);
    const transportRow = rows.find(
      (r) => String(r.getCell(2).value).includes("道路") && r.getCell(3).value === "区交通局",
    )!;
    expect(transportRow.getCell(6).value).toBe("草稿");
    // Fill in: 区交通局 completes 道路; 区卫生健康委 reports progress; 区教委 writes a formula-looking text.
    transportRow.getCell(4).value = "已完成";
    transportRow.getCell(5).value = 100;
    transportRow.getCell(6).value = "道路改造全部完工";
    const health = rows.find((r) => r.getCell(3).value === "区卫生健康委")!;
    health.getCell(4).value = "推进中";
    health.getCell(5).value = 40;
    health.getCell(6).value = '=HYPERLINK("x")已培训基层医生';
    const education = rows.find((r) => r.getCell(3).value === "区教委")!;
    education.getCell(4).value = "无法完成"; // no reason given: refused by the same validation
    education.getCell(5).value = 10;
    education.getCell(6).value = "选址未定";
    const filled = new Uint8Array(await workbook.xlsx.writeBuffer());
    const upload = (dryRun: boolean) => {
      const form = new FormData();
      form.set("file", new File([filled], "台账.xlsx", { type: XLSX }));
      return call(server, "POST", `/api/periods/${period}/ledger?dryRun=${dryRun}`, {
        cookie: sup,
        body: form,
      });
    };
    type Plan = {
      data: {
        dryRun: boolean;
        applied: number;
        rows: { unitId: string; action: string; problems: string[] }[];
      };
    };
    const dry = await upload(true);
    expect(dry.status).toBe(200);
    const plan = (await dry.json()) as Plan;
    const transport = await unitId(server, "ra", "区交通局");
    const healthUnit = await unitId(server, "ra", "区卫生健康委");
    const educationUnit = await unitId(server, "ra", "区教委");
    const action = (u: string) => plan.data.rows.find((r) => r.unitId === u)!;
    expect(plan.data.applied).toBe(0);
    expect(action(transport).action).toBe("update");
    expect(action(healthUnit).action).toBe("create");
    expect(action(educationUnit).action).toBe("skip");
    expect(action(educationUnit).problems).toContain("状态为无法完成时须说明原因");
    // Nothing changed: still one report, the draft.
    const before = await expectJson<{ data: { workflow: string }[] }>(
      server,
      "GET",
      `/api/reports?periodId=${period}`,
      sup,
      200,
    );
    expect(before.data.map((r) => r.workflow)).toEqual(["draft"]);
    const real = await upload(false);
    expect(real.status).toBe(200);
    expect(((await real.json()) as Plan).data.applied).toBe(2);
    const after = await expectJson<{
      data: { unitId: string; workflow: string; status: string; progress: number; narrative: string }[];
    }>(server, "GET", `/api/reports?periodId=${period}`, sup, 200);
    const byUnit = new Map(after.data.map((r) => [r.unitId, r]));
    expect(byUnit.get(transport)).toMatchObject({
      workflow: "submitted",
      status: "completed",
      progress: 100,
      narrative: "道路改造全部完工",
    });
    expect(byUnit.get(healthUnit)).toMatchObject({
      workflow: "submitted",
      status: "in_progress",
      progress: 40,
    });
    // Export again: the same values come back, and the formula-looking text is still text.
    const again = await ledgerRows(
      await (await call(server, "GET", `/api/periods/${period}/ledger`, { cookie: sup })).arrayBuffer(),
    );
    const healthAgain = again.rows.find((r) => r.getCell(3).value === "区卫生健康委")!;
    expect(healthAgain.getCell(4).value).toBe("推进中");
    expect(healthAgain.getCell(5).value).toBe(40);
    expect(healthAgain.getCell(6).formula).toBeUndefined();
    expect(String(healthAgain.getCell(6).value)).toContain("已培训基层医生");
  });
});
