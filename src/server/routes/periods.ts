/**
 * `/api/periods`: reporting periods and the supervision views over one period — who owes what,
 * reporting rates, lights, reminders, scores and weights, the checklist, indicator status.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { AppDeps } from "../context.js";
import { audited } from "../middleware/audited.js";
import { authenticate } from "../middleware/authenticate.js";
import { periodPolicy } from "../policies/periods.js";
import { presentPeriod } from "../presenters/reporting.js";
import { requestContext } from "../request-context.js";
import { errors, IdParam, json, jsonBody } from "../schemas/common.js";
import {
  ChecklistItemBody,
  dataResponse,
  ExceptionBody,
  ExceptionParam,
  ExpectedQuery,
  LightsQuery,
  PeriodListQuery,
  PeriodExceptionSchema,
  PeriodPatchBody,
  PeriodSchema,
  RegionRatesQuery,
  ViewSchema,
  WeightsBody,
} from "../schemas/reporting.js";
import { authorizedPeriod, ownUnitOf, periodSubject, scopeOf, tracked } from "../services/reporting.js";
import { addChecklistItem, listChecklist, periodScores, setWeights } from "../../track/evaluation.js";
import { expectedReports } from "../../track/expected.js";
import { indicatorStatuses } from "../../track/indicators.js";
import {
  grantException,
  listExceptions,
  listPeriods,
  revokeException,
  setPeriodStatus,
  updatePeriod,
  type PeriodExceptionRecord,
} from "../../track/periods.js";
import { smtpMailer } from "../../track/mailer.js";
import { generateReminders, periodLights, periodRates, regionRates } from "../../track/supervision.js";
import { ApiError } from "../errors.js";
import { router, SESSION } from "./router.js";

const PeriodResponse = dataResponse(PeriodSchema);
const ViewResponse = dataResponse(ViewSchema);

const presentException = (e: PeriodExceptionRecord) => ({
  ...e,
  grantedAt: e.grantedAt.toISOString(),
  revokedAt: e.revokedAt?.toISOString() ?? null,
});

/** The period routes. */
export function periodRoutes(deps: AppDeps) {
  const signedIn = authenticate(deps);
  const read = (path: string, summary: string) =>
    createRoute({
      method: "get",
      path,
      tags: ["periods"],
      summary,
      security: SESSION,
      middleware: [signedIn] as const,
      request: { params: IdParam },
      responses: { 200: json(ViewResponse, summary), ...errors(400, 401, 403, 404) },
    });
  const readQ = <Q extends z.ZodObject>(path: string, summary: string, query: Q) =>
    createRoute({
      method: "get",
      path,
      tags: ["periods"],
      summary,
      security: SESSION,
      middleware: [signedIn] as const,
      request: { params: IdParam, query },
      responses: { 200: json(ViewResponse, summary), ...errors(400, 401, 403, 404) },
    });
  const write = (method: "post" | "put" | "patch", path: string, action: string, summary: string) =>
    createRoute({
      method,
      path,
      tags: ["periods"],
      summary,
      security: SESSION,
      middleware: [signedIn, audited(deps, action, "period")] as const,
      request: { params: IdParam },
      responses: { 200: json(ViewResponse, summary), ...errors(400, 401, 403, 404, 409, 423) },
    });
  const writeB = <B extends z.ZodType>(
    method: "post" | "put" | "patch",
    path: string,
    action: string,
    summary: string,
    body: B,
  ) =>
    createRoute({
      method,
      path,
      tags: ["periods"],
      summary,
      security: SESSION,
      middleware: [signedIn, audited(deps, action, "period")] as const,
      request: { params: IdParam, body: jsonBody(body) },
      responses: { 200: json(ViewResponse, summary), ...errors(400, 401, 403, 404, 409, 423) },
    });

  const listRoute = createRoute({
    method: "get",
    path: "/",
    tags: ["periods"],
    summary: "报送周期列表（填报单位只见有本单位任务的文件的周期）",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { query: PeriodListQuery },
    responses: { 200: json(dataResponse(z.array(PeriodSchema)), "报送周期"), ...errors(400, 401, 403) },
  });
  // Registered before `/{id}`, which would otherwise take "rates" for an id.
  const regionRatesRoute = createRoute({
    method: "get",
    path: "/rates",
    tags: ["periods"],
    summary: "全区跨文件报送率：某年（或截止日期区间）内各单位应报、已报、按时报送（填报单位只见本单位）",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { query: RegionRatesQuery },
    responses: { 200: json(ViewResponse, "报送率"), ...errors(400, 401, 403) },
  });
  const getRoute = createRoute({
    method: "get",
    path: "/{id}",
    tags: ["periods"],
    summary: "报送周期详情",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { params: IdParam },
    responses: { 200: json(PeriodResponse, "报送周期"), ...errors(400, 401, 403, 404) },
  });

  const exceptionsRoute = createRoute({
    method: "get",
    path: "/{id}/exceptions",
    tags: ["periods"],
    summary: "补报例外列表：单位、事由、开通人与时间、是否有效（填报单位只见本单位的）",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { params: IdParam },
    responses: {
      200: json(dataResponse(z.array(PeriodExceptionSchema)), "补报例外"),
      ...errors(400, 401, 403, 404),
    },
  });
  const revokeRoute = createRoute({
    method: "delete",
    path: "/{id}/exceptions/{unitId}",
    tags: ["periods"],
    summary: "撤销某单位的补报例外（再次撤销不改变任何内容，changed 为 false）",
    security: SESSION,
    middleware: [signedIn, audited(deps, "period.exception.revoke", "period")] as const,
    request: { params: ExceptionParam },
    responses: {
      200: json(
        dataResponse(z.object({ exception: PeriodExceptionSchema, changed: z.boolean() })),
        "撤销结果",
      ),
      ...errors(400, 401, 403, 404),
    },
  });

  return router()
    .openapi(listRoute, async (c) => {
      const ctx = requestContext(c, deps);
      periodPolicy.authorize(ctx.actor, "list");
      const periods = await listPeriods(scopeOf(ctx), {
        documentId: c.req.valid("query").documentId,
        unitId: ownUnitOf(ctx),
      });
      return c.json({ data: periods.map(presentPeriod), policies: periodPolicy.policiesFor(ctx.actor) }, 200);
    })
    .openapi(regionRatesRoute, async (c) => {
      const ctx = requestContext(c, deps);
      periodPolicy.authorize(ctx.actor, "regionRates");
      periodPolicy.authorize(ctx.actor, "regionRates", { regionId: ctx.actor.regionId, unitIds: [] });
      const q = c.req.valid("query");
      const range =
        q.year !== undefined && q.from === undefined && q.to === undefined
          ? { from: `${q.year}-01-01`, to: `${q.year}-12-31` }
          : q.year === undefined && q.from !== undefined && q.to !== undefined && q.from <= q.to
            ? { from: q.from, to: q.to }
            : null;
      if (!range)
        throw new ApiError(400, "VALIDATION_FAILED", "请指定年份 year，或起止日期 from、to（不可同时指定）", {
          details: ["year: 须指定 year，或 from 与 to"],
        });
      const unitId = ownUnitOf(ctx) ?? q.unitId ?? null;
      return c.json({ data: await regionRates(scopeOf(ctx), range, unitId) }, 200);
    })
    .openapi(getRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const period = await authorizedPeriod(ctx, c.req.valid("param").id, "read");
      return c.json(
        {
          data: presentPeriod(period),
          policies: periodPolicy.policiesFor(ctx.actor, await periodSubject(ctx, period)),
        },
        200,
      );
    })
    .openapi(
      writeB("patch", "/{id}", "period.update", "修改报送周期（名称、起止日期、截止日期）", PeriodPatchBody),
      async (c) => {
        const ctx = requestContext(c, deps);
        await authorizedPeriod(ctx, c.req.valid("param").id, "update");
        const period = await tracked(() => updatePeriod(ctx, c.req.valid("param").id, c.req.valid("json")));
        return c.json({ data: presentPeriod(period) }, 200);
      },
    )
    .openapi(
      write("post", "/{id}/close", "period.close", "关闭报送周期（已审核通过的报告随之锁定）"),
      async (c) => {
        const ctx = requestContext(c, deps);
        await authorizedPeriod(ctx, c.req.valid("param").id, "close");
        const result = await tracked(() => setPeriodStatus(ctx, c.req.valid("param").id, "closed"));
        return c.json({ data: { ...presentPeriod(result.period), locked: result.locked } }, 200);
      },
    )
    .openapi(write("post", "/{id}/reopen", "period.reopen", "重新开放报送周期"), async (c) => {
      const ctx = requestContext(c, deps);
      await authorizedPeriod(ctx, c.req.valid("param").id, "close");
      const result = await tracked(() => setPeriodStatus(ctx, c.req.valid("param").id, "open"));
      return c.json({ data: presentPeriod(result.period) }, 200);
    })
    .openapi(
      writeB(
        "post",
        "/{id}/exceptions",
        "period.exception",
        "为某单位开通已关闭周期的补报例外",
        ExceptionBody,
      ),
      async (c) => {
        const ctx = requestContext(c, deps);
        const id = c.req.valid("param").id;
        await authorizedPeriod(ctx, id, "grantException");
        const body = c.req.valid("json");
        await tracked(() => grantException(ctx, id, body.unitId, body.reason));
        return c.json({ data: { periodId: id, unitId: body.unitId } }, 200);
      },
    )
    .openapi(exceptionsRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const period = await authorizedPeriod(ctx, c.req.valid("param").id, "listExceptions");
      const rows = await tracked(() => listExceptions(scopeOf(ctx), period.id, ownUnitOf(ctx)));
      return c.json(
        {
          data: rows.map(presentException),
          policies: periodPolicy.policiesFor(ctx.actor, await periodSubject(ctx, period)),
        },
        200,
      );
    })
    .openapi(revokeRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const { id, unitId } = c.req.valid("param");
      await authorizedPeriod(ctx, id, "revokeException");
      const result = await tracked(() => revokeException(ctx, id, unitId));
      return c.json(
        { data: { exception: presentException(result.exception), changed: result.changed } },
        200,
      );
    })
    .openapi(
      readQ("/{id}/expected", "应报清单：任务 × 责任单位，及各自报告状态", ExpectedQuery),
      async (c) => {
        const ctx = requestContext(c, deps);
        const period = await authorizedPeriod(ctx, c.req.valid("param").id, "read");
        const own = ownUnitOf(ctx);
        const rows = await expectedReports(scopeOf(ctx), period, own ?? c.req.valid("query").unitId ?? null);
        return c.json({ data: { period: presentPeriod(period), expected: rows } }, 200);
      },
    )
    .openapi(read("/{id}/rates", "报送率：应报、已报、按时报送（DHIS2 口径）"), async (c) => {
      const ctx = requestContext(c, deps);
      const period = await authorizedPeriod(ctx, c.req.valid("param").id, "supervise");
      return c.json({ data: await periodRates(scopeOf(ctx), period) }, 200);
    })
    .openapi(readQ("/{id}/lights", "任务红黄绿灯、逾期任务与未报单位", LightsQuery), async (c) => {
      const ctx = requestContext(c, deps);
      const period = await authorizedPeriod(ctx, c.req.valid("param").id, "supervise");
      const view = await periodLights(scopeOf(ctx), period, ctx.clock.now(), c.req.valid("query").yellowDays);
      return c.json({ data: view }, 200);
    })
    .openapi(
      write("post", "/{id}/reminders", "period.remind", "生成今日督办提醒（站内；配置 SMTP 时发送邮件）"),
      async (c) => {
        const ctx = requestContext(c, deps);
        const id = c.req.valid("param").id;
        await authorizedPeriod(ctx, id, "remind");
        const created = await tracked(() =>
          generateReminders(ctx, { periodId: id, delivery: { mailer: smtpMailer(ctx.settings.smtp) } }),
        );
        return c.json({ data: { created } }, 200);
      },
    )
    .openapi(read("/{id}/scores", "单位考核得分与排名"), async (c) => {
      const ctx = requestContext(c, deps);
      const period = await authorizedPeriod(ctx, c.req.valid("param").id, "supervise");
      return c.json({ data: await periodScores(scopeOf(ctx), period) }, 200);
    })
    .openapi(writeB("put", "/{id}/weights", "period.weights", "设置考核权重", WeightsBody), async (c) => {
      const ctx = requestContext(c, deps);
      const id = c.req.valid("param").id;
      await authorizedPeriod(ctx, id, "setWeights");
      const weights = await tracked(() => setWeights(ctx, id, c.req.valid("json")));
      return c.json({ data: weights }, 200);
    })
    .openapi(read("/{id}/indicators", "指标监测：各指标进展分类"), async (c) => {
      const ctx = requestContext(c, deps);
      const period = await authorizedPeriod(ctx, c.req.valid("param").id, "supervise");
      return c.json(
        { data: { indicators: await indicatorStatuses(scopeOf(ctx), { documentId: period.documentId }) } },
        200,
      );
    })
    .openapi(read("/{id}/checklist", "测评指标及自评、核定情况（填报单位只见本单位自评）"), async (c) => {
      const ctx = requestContext(c, deps);
      const period = await authorizedPeriod(ctx, c.req.valid("param").id, "read");
      return c.json({ data: { items: await listChecklist(scopeOf(ctx), period.id, ownUnitOf(ctx)) } }, 200);
    })
    .openapi(
      writeB(
        "post",
        "/{id}/checklist",
        "checklist.add",
        "新增测评指标（项目、分值、是否需佐证）",
        ChecklistItemBody,
      ),
      async (c) => {
        const ctx = requestContext(c, deps);
        const id = c.req.valid("param").id;
        await authorizedPeriod(ctx, id, "manageChecklist");
        const item = await tracked(() => addChecklistItem(ctx, id, c.req.valid("json")));
        return c.json({ data: item }, 200);
      },
    );
}
