/** `/api/reminders`: the 督办单 sent so far; a department sees its own. */
import { createRoute, z } from "@hono/zod-openapi";
import type { AppDeps } from "../context.js";
import { authenticate } from "../middleware/authenticate.js";
import { periodPolicy } from "../policies/periods.js";
import { requestContext } from "../request-context.js";
import { errors, json } from "../schemas/common.js";
import { dataResponse, ViewSchema } from "../schemas/reporting.js";
import { ownUnitOf, scopeOf } from "../services/reporting.js";
import { listReminders } from "../../track/supervision.js";
import { router, SESSION } from "./router.js";

/** The reminder routes. */
export function reminderRoutes(deps: AppDeps) {
  const signedIn = authenticate(deps);
  const route = createRoute({
    method: "get",
    path: "/",
    tags: ["periods"],
    summary: "督办提醒记录（填报单位只见本单位的）",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { query: z.object({ periodId: z.uuid().optional() }) },
    responses: { 200: json(dataResponse(z.array(ViewSchema)), "督办提醒"), ...errors(400, 401, 403) },
  });
  return router().openapi(route, async (c) => {
    const ctx = requestContext(c, deps);
    periodPolicy.authorize(ctx.actor, "list");
    const reminders = await listReminders(scopeOf(ctx), {
      unitId: ownUnitOf(ctx),
      periodId: c.req.valid("query").periodId,
    });
    return c.json({ data: reminders as unknown as Record<string, unknown>[] }, 200);
  });
}
