/** `/api/regions`: the caller's region (tenant). */
import { createRoute } from "@hono/zod-openapi";
import type { AppDeps } from "../context.js";
import { audited } from "../middleware/audited.js";
import { authenticate } from "../middleware/authenticate.js";
import { regionPolicy } from "../policies/regions.js";
import { presentRegion } from "../presenters/regions.js";
import { requestContext } from "../request-context.js";
import { errors, json, jsonBody } from "../schemas/common.js";
import { RegionIdParam, RegionListResponse, RegionResponse, UpdateRegionBody } from "../schemas/regions.js";
import { getRegion, listRegions, updateRegion } from "../services/regions.js";
import { router, SESSION } from "./router.js";

/** The region routes. */
export function regionRoutes(deps: AppDeps) {
  const signedIn = authenticate(deps);
  const listRoute = createRoute({
    method: "get",
    path: "/",
    tags: ["regions"],
    summary: "本地区",
    security: SESSION,
    middleware: [signedIn] as const,
    responses: { 200: json(RegionListResponse, "地区列表"), ...errors(401, 403) },
  });
  const getRoute = createRoute({
    method: "get",
    path: "/{id}",
    tags: ["regions"],
    summary: "地区详情",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { params: RegionIdParam },
    responses: { 200: json(RegionResponse, "地区"), ...errors(400, 401, 403, 404) },
  });
  const updateRoute = createRoute({
    method: "patch",
    path: "/{id}",
    tags: ["regions"],
    summary: "修改地区名称、级别（系统管理员）",
    security: SESSION,
    middleware: [signedIn, audited(deps, "region.update", "region")] as const,
    request: { params: RegionIdParam, body: jsonBody(UpdateRegionBody) },
    responses: { 200: json(RegionResponse, "已修改"), ...errors(400, 401, 403, 404, 415) },
  });
  return router()
    .openapi(listRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const regions = await listRegions(ctx);
      return c.json({ data: regions.map(presentRegion), policies: regionPolicy.policiesFor(ctx.actor) }, 200);
    })
    .openapi(getRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const region = await getRegion(ctx, c.req.valid("param").id);
      return c.json(
        {
          data: presentRegion(region),
          policies: regionPolicy.policiesFor(ctx.actor, { regionId: region.id }),
        },
        200,
      );
    })
    .openapi(updateRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const region = await updateRegion(ctx, c.req.valid("param").id, c.req.valid("json"));
      return c.json(
        {
          data: presentRegion(region),
          policies: regionPolicy.policiesFor(ctx.actor, { regionId: region.id }),
        },
        200,
      );
    });
}
