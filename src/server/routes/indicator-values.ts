/**
 * `/api/indicators/{id}`: observed values per year, the indicator's progress class, and the units
 * responsible for it (set by the supervisor, proposed from the document).
 */
import { createRoute } from "@hono/zod-openapi";
import type { AppDeps } from "../context.js";
import { notFound } from "../errors.js";
import { audited } from "../middleware/audited.js";
import { authenticate } from "../middleware/authenticate.js";
import { requestContext } from "../request-context.js";
import { errors, IdParam, json, jsonBody } from "../schemas/common.js";
import { dataResponse, IndicatorUnitsBody, ObservationBody, ViewSchema } from "../schemas/reporting.js";
import { authorizedIndicator, authorizedPeriod, scopeOf, tracked } from "../services/reporting.js";
import { indicatorStatuses, recordObservation } from "../../track/indicators.js";
import { listIndicatorUnits, proposeIndicatorUnits, setIndicatorUnits } from "../../track/indicator-units.js";
import { router, SESSION } from "./router.js";

/** The indicator value routes. */
export function indicatorValueRoutes(deps: AppDeps) {
  const signedIn = authenticate(deps);
  const progressRoute = createRoute({
    method: "get",
    path: "/{id}/progress",
    tags: ["indicators"],
    summary: "指标进展：各年实际值与按 Open SDG 方法的分类",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { params: IdParam },
    responses: { 200: json(dataResponse(ViewSchema), "指标进展"), ...errors(400, 401, 403, 404) },
  });
  const recordRoute = createRoute({
    method: "post",
    path: "/{id}/observations",
    tags: ["indicators"],
    summary: "填报某年的指标实际值（数值或是否达标，注明来源）",
    security: SESSION,
    middleware: [signedIn, audited(deps, "indicator.observe", "indicator")] as const,
    request: { params: IdParam, body: jsonBody(ObservationBody) },
    responses: { 200: json(dataResponse(ViewSchema), "已记录"), ...errors(400, 401, 403, 404) },
  });
  const unitsRoute = createRoute({
    method: "get",
    path: "/{id}/units",
    tags: ["indicators"],
    summary: "指标责任单位：已指定的，及按文件（指标表责任单位列、同一标题下任务）建议的",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { params: IdParam },
    responses: { 200: json(dataResponse(ViewSchema), "责任单位"), ...errors(400, 401, 403, 404) },
  });
  const assignRoute = createRoute({
    method: "put",
    path: "/{id}/units",
    tags: ["indicators"],
    summary: "指定指标责任单位（整体替换；空列表为清除）",
    security: SESSION,
    middleware: [signedIn, audited(deps, "indicator.assign", "indicator")] as const,
    request: { params: IdParam, body: jsonBody(IndicatorUnitsBody) },
    responses: { 200: json(dataResponse(ViewSchema), "已指定"), ...errors(400, 401, 403, 404) },
  });
  return router()
    .openapi(unitsRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const id = c.req.valid("param").id;
      await authorizedIndicator(ctx, id, "read");
      const units = await listIndicatorUnits(scopeOf(ctx), id);
      const proposed = await tracked(() => proposeIndicatorUnits(scopeOf(ctx), id));
      return c.json({ data: { units, proposed } as unknown as Record<string, unknown> }, 200);
    })
    .openapi(assignRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const id = c.req.valid("param").id;
      await authorizedIndicator(ctx, id, "assign");
      const body = c.req.valid("json");
      const units = await tracked(() => setIndicatorUnits(ctx, id, body.units, body.source));
      return c.json({ data: { units } as unknown as Record<string, unknown> }, 200);
    })
    .openapi(progressRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const id = c.req.valid("param").id;
      await authorizedIndicator(ctx, id, "read");
      const [status] = await indicatorStatuses(scopeOf(ctx), { indicatorId: id });
      if (!status) throw notFound();
      return c.json({ data: status as unknown as Record<string, unknown> }, 200);
    })
    .openapi(recordRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const id = c.req.valid("param").id;
      await authorizedIndicator(ctx, id, "record");
      const body = c.req.valid("json");
      if (body.periodId) await authorizedPeriod(ctx, body.periodId, "read");
      const observation = await tracked(() => recordObservation(ctx, id, body));
      return c.json({ data: observation as unknown as Record<string, unknown> }, 200);
    });
}
