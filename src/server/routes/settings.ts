/**
 * `/api/settings`: the region's supervision settings (yellow threshold, reminder schedule), which
 * the 督查室 edits and leaders and the system administrator read; the system administrator also
 * sees facts about the server that are safe to show (limits, whether SMTP is set up), never its
 * credentials or keys.
 */
import { createRoute } from "@hono/zod-openapi";
import type { AppDeps } from "../context.js";
import { audited } from "../middleware/audited.js";
import { authenticate } from "../middleware/authenticate.js";
import { settingsPolicy } from "../policies/settings.js";
import { requestContext } from "../request-context.js";
import type { RequestContext } from "../context.js";
import { errors, json, jsonBody } from "../schemas/common.js";
import { SettingsBody, SettingsResponse } from "../schemas/settings.js";
import { scopeOf, tracked } from "../services/reporting.js";
import { presentSettings, serverFacts } from "../services/settings.js";
import { getRegionSettings, updateRegionSettings } from "../../track/settings.js";
import { router, SESSION } from "./router.js";

/** The settings routes. */
export function settingsRoutes(deps: AppDeps) {
  const signedIn = authenticate(deps);
  const getRoute = createRoute({
    method: "get",
    path: "/",
    tags: ["settings"],
    summary: "督查设置（黄灯提前天数、督办提醒时间）；系统管理员另见服务器参数",
    security: SESSION,
    middleware: [signedIn] as const,
    responses: { 200: json(SettingsResponse, "设置"), ...errors(401, 403) },
  });
  const putRoute = createRoute({
    method: "put",
    path: "/",
    tags: ["settings"],
    summary: "修改督查设置（督查室）",
    security: SESSION,
    middleware: [signedIn, audited(deps, "settings.update", "region")] as const,
    request: { body: jsonBody(SettingsBody) },
    responses: { 200: json(SettingsResponse, "设置"), ...errors(400, 401, 403) },
  });
  const respond = async (ctx: RequestContext) => {
    const subject = { regionId: ctx.actor.regionId };
    return {
      data: {
        supervision: presentSettings(await getRegionSettings(scopeOf(ctx))),
        server: settingsPolicy.can(ctx.actor, "readServer", subject) ? serverFacts(ctx.settings) : null,
      },
      policies: settingsPolicy.policiesFor(ctx.actor, subject),
    };
  };
  return router()
    .openapi(getRoute, async (c) => {
      const ctx = requestContext(c, deps);
      settingsPolicy.authorize(ctx.actor, "read", { regionId: ctx.actor.regionId });
      return c.json(await respond(ctx), 200);
    })
    .openapi(putRoute, async (c) => {
      const ctx = requestContext(c, deps);
      settingsPolicy.authorize(ctx.actor, "update", { regionId: ctx.actor.regionId });
      await tracked(() => updateRegionSettings(ctx, c.req.valid("json")));
      return c.json(await respond(ctx), 200);
    });
}
