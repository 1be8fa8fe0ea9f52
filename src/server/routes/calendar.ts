/** `/api/documents/{id}/calendar` and `/periods`: the reporting calendar proposed from a document, and opening a year. */
import { createRoute, z } from "@hono/zod-openapi";
import type { AppDeps } from "../context.js";
import { audited } from "../middleware/audited.js";
import { authenticate } from "../middleware/authenticate.js";
import { presentPeriod } from "../presenters/reporting.js";
import { requestContext } from "../request-context.js";
import { errors, IdParam, json, jsonBody } from "../schemas/common.js";
import {
  dataResponse,
  OpenYearBody,
  PeriodSchema,
  ProposedPeriodSchema,
  YearQuery,
} from "../schemas/reporting.js";
import { authorizedDocument, scopeOf, tracked } from "../services/reporting.js";
import { openYear, proposePeriods } from "../../track/periods.js";
import { router, SESSION } from "./router.js";

/** The calendar routes, mounted under `/api/documents`. */
export function calendarRoutes(deps: AppDeps) {
  const signedIn = authenticate(deps);
  const proposalRoute = createRoute({
    method: "get",
    path: "/{id}/calendar",
    tags: ["periods"],
    summary: "按文件要求（每年底报送、每季度末、阶段节点、完成时限）建议某年的报送周期",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { params: IdParam, query: YearQuery },
    responses: {
      200: json(dataResponse(z.array(ProposedPeriodSchema)), "建议的周期"),
      ...errors(400, 401, 403, 404),
    },
  });
  const openRoute = createRoute({
    method: "post",
    path: "/{id}/periods",
    tags: ["periods"],
    summary: "开启某年的报送周期（未给出周期时采用建议）",
    security: SESSION,
    middleware: [signedIn, audited(deps, "period.open", "document")] as const,
    request: { params: IdParam, body: jsonBody(OpenYearBody) },
    responses: {
      200: json(
        dataResponse(z.object({ created: z.array(PeriodSchema), periods: z.array(PeriodSchema) })),
        "该年的周期",
      ),
      ...errors(400, 401, 403, 404),
    },
  });
  return router()
    .openapi(proposalRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const id = c.req.valid("param").id;
      await authorizedDocument(ctx, id, "open");
      const proposal = await tracked(() => proposePeriods(scopeOf(ctx), id, c.req.valid("query").year));
      return c.json({ data: proposal }, 200);
    })
    .openapi(openRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const id = c.req.valid("param").id;
      await authorizedDocument(ctx, id, "open");
      const body = c.req.valid("json");
      const result = await tracked(() => openYear(ctx, id, body.year, body.periods));
      return c.json(
        { data: { created: result.created.map(presentPeriod), periods: result.periods.map(presentPeriod) } },
        200,
      );
    });
}
