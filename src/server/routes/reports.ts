/**
 * `/api/reports`: a department opens, saves, submits its reports and attaches evidence; the 督查室
 * accepts or returns them; everyone in scope reads them and their version history.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { AppDeps } from "../context.js";
import { ApiError } from "../errors.js";
import { audited } from "../middleware/audited.js";
import { authenticate } from "../middleware/authenticate.js";
import { reportPolicy } from "../policies/reports.js";
import { presentReport } from "../presenters/reporting.js";
import { requestContext } from "../request-context.js";
import { errors, IdParam, json, jsonBody } from "../schemas/common.js";
import {
  AcceptBody,
  dataResponse,
  EvidenceForm,
  OpenReportBody,
  ReportListQuery,
  ReportSchema,
  ReturnBody,
  SaveReportBody,
  SubmitBody,
  ViewSchema,
} from "../schemas/reporting.js";
import { gateEvidence } from "../services/evidence.js";
import {
  authorizedPeriod,
  authorizedReport,
  ownUnitOf,
  reportSubject,
  scopeOf,
  tracked,
} from "../services/reporting.js";
import { attachEvidence, listEvidence } from "../../track/evidence.js";
import { periodWritable } from "../../track/periods.js";
import {
  acceptReport,
  listReports,
  openReport,
  reportHistory,
  returnReport,
  saveReport,
  submitReport,
} from "../../track/reports.js";
import { router, SESSION } from "./router.js";

const MULTIPART_SLACK = 64 * 1024;
const ReportResponse = dataResponse(ReportSchema);

/** The report routes. */
export function reportRoutes(deps: AppDeps) {
  const signedIn = authenticate(deps);
  const uploadLimit = bodyLimit({
    maxSize: deps.settings.limits.uploadBytes + MULTIPART_SLACK,
    onError: () => {
      throw new ApiError(413, "PAYLOAD_TOO_LARGE");
    },
  });
  const action = <B extends z.ZodType>(path: string, name: string, summary: string, body: B) =>
    createRoute({
      method: "post",
      path,
      tags: ["reports"],
      summary,
      security: SESSION,
      middleware: [signedIn, audited(deps, name, "report")] as const,
      request: { params: IdParam, body: jsonBody(body) },
      responses: { 200: json(ReportResponse, summary), ...errors(400, 401, 403, 404, 409, 423) },
    });

  const listRoute = createRoute({
    method: "get",
    path: "/",
    tags: ["reports"],
    summary: "报告列表（填报单位只见本单位的，以及本单位牵头任务上配合单位的）",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { query: ReportListQuery },
    responses: { 200: json(dataResponse(z.array(ReportSchema)), "报告列表"), ...errors(400, 401, 403) },
  });
  const openRoute = createRoute({
    method: "post",
    path: "/",
    tags: ["reports"],
    summary: "打开本单位某任务某周期的报告（不存在时新建草稿；consolidated 为牵头单位汇总报告）",
    security: SESSION,
    middleware: [signedIn, audited(deps, "report.open", "report")] as const,
    request: { body: jsonBody(OpenReportBody) },
    responses: {
      200: json(ReportResponse, "已有报告"),
      201: json(ReportResponse, "新建草稿"),
      ...errors(400, 401, 403, 404, 423),
    },
  });
  const getRoute = createRoute({
    method: "get",
    path: "/{id}",
    tags: ["reports"],
    summary: "报告详情及佐证材料",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { params: IdParam },
    responses: { 200: json(dataResponse(ViewSchema), "报告"), ...errors(400, 401, 403, 404) },
  });
  const saveRoute = createRoute({
    method: "patch",
    path: "/{id}",
    tags: ["reports"],
    summary: "保存草稿（version 为编辑时的版本；已被他人保存则 409 并返回当前版本；周期已关闭则 423）",
    security: SESSION,
    middleware: [signedIn, audited(deps, "report.save", "report")] as const,
    request: { params: IdParam, body: jsonBody(SaveReportBody) },
    responses: { 200: json(ReportResponse, "已保存"), ...errors(400, 401, 403, 404, 409, 423) },
  });
  const versionsRoute = createRoute({
    method: "get",
    path: "/{id}/versions",
    tags: ["reports"],
    summary: "报告的全部历史版本",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { params: IdParam },
    responses: { 200: json(dataResponse(z.array(ViewSchema)), "历史版本"), ...errors(400, 401, 403, 404) },
  });
  const evidenceRoute = createRoute({
    method: "post",
    path: "/{id}/evidence",
    tags: ["reports"],
    summary: "上传佐证材料（PDF、Word/Excel、PNG、JPEG、纯文本；与文件上传相同的大小限制）",
    security: SESSION,
    middleware: [signedIn, audited(deps, "report.evidence", "report"), uploadLimit] as const,
    request: {
      params: IdParam,
      body: { required: true, content: { "multipart/form-data": { schema: EvidenceForm } } },
    },
    responses: {
      201: json(dataResponse(ViewSchema), "已上传"),
      ...errors(400, 401, 403, 404, 413, 415, 423),
    },
  });

  return router()
    .openapi(listRoute, async (c) => {
      const ctx = requestContext(c, deps);
      reportPolicy.authorize(ctx.actor, "list");
      const query = c.req.valid("query");
      if (query.periodId) await authorizedPeriod(ctx, query.periodId, "read");
      const reports = await listReports(scopeOf(ctx), { ...query, visibleTo: ownUnitOf(ctx) });
      return c.json({ data: reports.map(presentReport), policies: reportPolicy.policiesFor(ctx.actor) }, 200);
    })
    .openapi(openRoute, async (c) => {
      const ctx = requestContext(c, deps);
      reportPolicy.authorize(ctx.actor, "write");
      const body = c.req.valid("json");
      const unitId = ctx.actor.unitId!;
      await authorizedPeriod(ctx, body.periodId, "read");
      const { report, created } = await tracked(() => openReport(ctx, { ...body, unitId }));
      const data = { data: presentReport(report) };
      return created ? c.json(data, 201) : c.json(data, 200);
    })
    .openapi(getRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const loaded = await authorizedReport(ctx, c.req.valid("param").id, "read");
      const evidence = await listEvidence(scopeOf(ctx), loaded.report.id);
      return c.json(
        {
          data: {
            ...presentReport(loaded.report),
            period: loaded.period,
            taskUnits: loaded.taskUnits,
            evidence,
          },
          policies: reportPolicy.policiesFor(ctx.actor, reportSubject(ctx.actor.regionId, loaded)),
        },
        200,
      );
    })
    .openapi(saveRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const id = c.req.valid("param").id;
      await authorizedReport(ctx, id, "write");
      const { version, ...content } = c.req.valid("json");
      const report = await tracked(() => saveReport(ctx, id, version, content));
      return c.json({ data: presentReport(report) }, 200);
    })
    .openapi(action("/{id}/submit", "report.submit", "报送（草稿或被退回的报告）", SubmitBody), async (c) => {
      const ctx = requestContext(c, deps);
      const id = c.req.valid("param").id;
      await authorizedReport(ctx, id, "write");
      const report = await tracked(() => submitReport(ctx, id, c.req.valid("json").version ?? null));
      return c.json({ data: presentReport(report) }, 200);
    })
    .openapi(action("/{id}/accept", "report.accept", "审核通过（督查室）", AcceptBody), async (c) => {
      const ctx = requestContext(c, deps);
      const id = c.req.valid("param").id;
      await authorizedReport(ctx, id, "review");
      const report = await tracked(() => acceptReport(ctx, id, c.req.valid("json").comment));
      return c.json({ data: presentReport(report) }, 200);
    })
    .openapi(action("/{id}/return", "report.return", "退回并说明意见（督查室）", ReturnBody), async (c) => {
      const ctx = requestContext(c, deps);
      const id = c.req.valid("param").id;
      await authorizedReport(ctx, id, "review");
      const report = await tracked(() => returnReport(ctx, id, c.req.valid("json").comment));
      return c.json({ data: presentReport(report) }, 200);
    })
    .openapi(versionsRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const loaded = await authorizedReport(ctx, c.req.valid("param").id, "read");
      return c.json({ data: await reportHistory(scopeOf(ctx), loaded.report.id) }, 200);
    })
    .openapi(evidenceRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const id = c.req.valid("param").id;
      const loaded = await authorizedReport(ctx, id, "write");
      const { file } = c.req.valid("form");
      const bytes = new Uint8Array(await file.arrayBuffer());
      const gated = gateEvidence(bytes, file.name, ctx.settings.limits.uploadBytes);
      if (loaded.report.workflow === "locked") throw new ApiError(423, "REPORT_LOCKED");
      if (!(await periodWritable(scopeOf(ctx), loaded.period, loaded.report.unitId)))
        throw new ApiError(423, "PERIOD_CLOSED");
      const record = await tracked(() => attachEvidence(ctx, id, { bytes, ...gated }));
      return c.json({ data: record }, 201);
    });
}
