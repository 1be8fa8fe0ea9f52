/**
 * The spreadsheets offices exchange: download a document's 任务分工表, a period's 工作台账 and the
 * indicator monitoring sheet (.xlsx, as attachments), and import a filled-in 台账 — a dry run first
 * that shows what each row would change, then the real run through the same report validation.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import {
  isXlsxImportError,
  readWorkLedger,
  writeIndicatorMonitor,
  writeTaskDivisionTable,
  writeWorkLedger,
  XLSX_MEDIA_TYPE,
} from "../../export/xlsx/index.js";
import { importLedger, indicatorMonitorOf, taskDivisionOf, workLedgerOf } from "../../track/ledgers.js";
import type { AppDeps } from "../context.js";
import { ApiError } from "../errors.js";
import { audited } from "../middleware/audited.js";
import { authenticate } from "../middleware/authenticate.js";
import { requestContext } from "../request-context.js";
import { errors, IdParam, json } from "../schemas/common.js";
import { dataResponse, EvidenceForm, LedgerImportQuery, ViewSchema } from "../schemas/reporting.js";
import { authorizedDocument, authorizedPeriod, scopeOf, tracked } from "../services/reporting.js";
import { attachment } from "./documents.js";
import { router, SESSION } from "./router.js";

const MULTIPART_SLACK = 64 * 1024;

const xlsxResponse = (description: string) => ({
  200: {
    description,
    content: { [XLSX_MEDIA_TYPE]: { schema: z.string().openapi({ type: "string", format: "binary" }) } },
  },
  ...errors(400, 401, 403, 404),
});

/** Headers of an .xlsx download. */
function xlsxHeaders(filename: string) {
  return { "Content-Type": XLSX_MEDIA_TYPE, "Content-Disposition": attachment(filename) };
}

const safeName = (text: string) => text.replace(/[\\/:*?"<>|\s]+/g, "").slice(0, 60) || "台账";

/** The 任务分工表 download, mounted under `/api/documents`. */
export function documentLedgerRoutes(deps: AppDeps) {
  const signedIn = authenticate(deps);
  const route = createRoute({
    method: "get",
    path: "/{id}/task-division",
    tags: ["exports"],
    summary: "下载任务分工表（.xlsx）",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { params: IdParam },
    responses: xlsxResponse("任务分工表"),
  });
  return router().openapi(route, async (c) => {
    const ctx = requestContext(c, deps);
    const id = c.req.valid("param").id;
    await authorizedDocument(ctx, id, "export");
    const table = await tracked(() => taskDivisionOf(scopeOf(ctx), id));
    const bytes = await writeTaskDivisionTable(table);
    return c.body(
      bytes as Uint8Array<ArrayBuffer>,
      200,
      xlsxHeaders(`${safeName(table.documentTitle)}-任务分工表.xlsx`),
    );
  });
}

/** The 工作台账 and indicator sheet downloads and the 台账 import, mounted under `/api/periods`. */
export function periodLedgerRoutes(deps: AppDeps) {
  const signedIn = authenticate(deps);
  const importLimit = bodyLimit({
    maxSize: deps.settings.limits.uploadBytes + MULTIPART_SLACK,
    onError: () => {
      throw new ApiError(413, "PAYLOAD_TOO_LARGE");
    },
  });
  const ledgerRoute = createRoute({
    method: "get",
    path: "/{id}/ledger",
    tags: ["exports"],
    summary: "下载本周期工作台账（.xlsx）",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { params: IdParam },
    responses: xlsxResponse("工作台账"),
  });
  const indicatorRoute = createRoute({
    method: "get",
    path: "/{id}/indicator-sheet",
    tags: ["exports"],
    summary: "下载指标监测表（.xlsx）",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { params: IdParam },
    responses: xlsxResponse("指标监测表"),
  });
  const importRoute = createRoute({
    method: "post",
    path: "/{id}/ledger",
    tags: ["exports"],
    summary: "导入填写后的工作台账：dryRun=true（默认）只显示将发生的变化，dryRun=false 按同样校验写入报告",
    security: SESSION,
    middleware: [signedIn, audited(deps, "period.import", "period"), importLimit] as const,
    request: {
      params: IdParam,
      query: LedgerImportQuery,
      body: { required: true, content: { "multipart/form-data": { schema: EvidenceForm } } },
    },
    responses: {
      200: json(dataResponse(ViewSchema), "导入结果"),
      ...errors(400, 401, 403, 404, 413, 415, 422),
    },
  });
  return router()
    .openapi(ledgerRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const period = await authorizedPeriod(ctx, c.req.valid("param").id, "export");
      const ledger = await workLedgerOf(scopeOf(ctx), period);
      const bytes = await writeWorkLedger(ledger);
      const name = `${safeName(ledger.documentTitle)}-工作台账-${safeName(period.label)}.xlsx`;
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, xlsxHeaders(name));
    })
    .openapi(indicatorRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const period = await authorizedPeriod(ctx, c.req.valid("param").id, "export");
      const monitor = await indicatorMonitorOf(scopeOf(ctx), period.documentId);
      const bytes = await writeIndicatorMonitor(monitor);
      const name = `${safeName(monitor.documentTitle)}-指标监测表.xlsx`;
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, xlsxHeaders(name));
    })
    .openapi(importRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const period = await authorizedPeriod(ctx, c.req.valid("param").id, "import");
      const { file } = c.req.valid("form");
      const bytes = new Uint8Array(await file.arrayBuffer());
      let read;
      try {
        read = await readWorkLedger(bytes, { maxBytes: ctx.settings.limits.uploadBytes });
      } catch (error) {
        if (isXlsxImportError(error)) throw new ApiError(422, "REPORT_INVALID", error.messageZh);
        throw error;
      }
      if (read.periodId && read.periodId !== period.id)
        throw new ApiError(400, "REPORT_INVALID", "该台账是其他报送周期导出的，请下载本周期的台账填写");
      const dryRun = c.req.valid("query").dryRun === "true";
      const result = await tracked(() => importLedger(ctx, period, read.rows, read.problems, dryRun));
      return c.json({ data: result as unknown as Record<string, unknown> }, 200);
    });
}
