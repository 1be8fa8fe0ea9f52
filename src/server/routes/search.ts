/** `/api/search`: Chinese full-text search over tasks, indicators and documents. */
import { createRoute } from "@hono/zod-openapi";
import type { AppDeps } from "../context.js";
import { authenticate } from "../middleware/authenticate.js";
import { requestContext } from "../request-context.js";
import { errors, json } from "../schemas/common.js";
import { SearchQuery, SearchResponse } from "../schemas/search.js";
import { searchLedger } from "../services/search.js";
import { router, SESSION } from "./router.js";

/** The search route. */
export function searchRoutes(deps: AppDeps) {
  const route = createRoute({
    method: "get",
    path: "/",
    tags: ["search"],
    summary: "全文检索（填报单位只检索本单位任务）",
    security: SESSION,
    middleware: [authenticate(deps)] as const,
    request: { query: SearchQuery },
    responses: { 200: json(SearchResponse, "检索结果"), ...errors(400, 401, 403) },
  });
  return router().openapi(route, async (c) => {
    const result = await searchLedger(requestContext(c, deps), c.req.valid("query"));
    return c.json({ data: { tokens: result.tokens, hits: result.hits, capped: result.capped } }, 200);
  });
}
