/** `/api/units`: the region's units and the names nobody resolved. */
import { createRoute } from "@hono/zod-openapi";
import type { AppDeps } from "../context.js";
import { authenticate } from "../middleware/authenticate.js";
import { unitPolicy } from "../policies/units.js";
import { presentUnit } from "../presenters/units.js";
import { requestContext } from "../request-context.js";
import { errors, json } from "../schemas/common.js";
import { UnitListResponse, UnresolvedListResponse } from "../schemas/units.js";
import { listUnits, listUnresolved } from "../services/units.js";
import { router, SESSION } from "./router.js";

/** The unit routes. */
export function unitRoutes(deps: AppDeps) {
  const signedIn = authenticate(deps);
  const listRoute = createRoute({
    method: "get",
    path: "/",
    tags: ["units"],
    summary: "责任单位及其牵头、配合任务数",
    security: SESSION,
    middleware: [signedIn] as const,
    responses: { 200: json(UnitListResponse, "单位列表"), ...errors(401, 403) },
  });
  const unresolvedRoute = createRoute({
    method: "get",
    path: "/unresolved",
    tags: ["units"],
    summary: "未能识别的单位名称（用于完善单位名录）",
    security: SESSION,
    middleware: [signedIn] as const,
    responses: { 200: json(UnresolvedListResponse, "未识别的单位名称"), ...errors(401, 403) },
  });
  return router()
    .openapi(listRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const units = await listUnits(ctx);
      return c.json({ data: units.map(presentUnit), policies: unitPolicy.policiesFor(ctx.actor) }, 200);
    })
    .openapi(unresolvedRoute, async (c) => {
      const ctx = requestContext(c, deps);
      return c.json({ data: await listUnresolved(ctx), policies: unitPolicy.policiesFor(ctx.actor) }, 200);
    });
}
