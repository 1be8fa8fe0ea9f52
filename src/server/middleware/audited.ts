import { createMiddleware } from "hono/factory";
import { appendAuditAlone } from "../audit/log.js";
import type { AppDeps, AppEnv, AuditScope } from "../context.js";
import { ApiError } from "../errors.js";

/**
 * Marks a state-changing route: its service writes the audit row inside its own transaction (see
 * `requestContext`). When the request fails instead — validation, a denial (403/404 → `denied`), a
 * conflict, a crash — this writes the one row in a transaction of its own, so every call of a
 * mutating route leaves exactly one row. Unauthenticated calls (401) have no actor and leave none.
 */
export function audited(deps: AppDeps, action: string, objectType: string | null) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const scope: AuditScope = {
      action,
      objectType,
      written: false,
      committed: false,
      objectId: c.req.param("id") ?? null,
    };
    c.set("audit", scope);
    await next();
    if (scope.committed) return;
    const actor = c.get("actor");
    if (!actor) return;
    const status = c.res.status;
    if (status < 400) {
      // A service that changed something without its audit row is a bug; say so loudly.
      deps.log.error("audit row missing for a successful write", { action, requestId: c.var.requestId });
    }
    const error = c.error instanceof ApiError ? c.error : undefined;
    try {
      await appendAuditAlone(deps.db, {
        at: deps.clock.now(),
        regionId: actor.regionId,
        actorId: actor.userId,
        actorName: actor.username,
        unitId: actor.unitId,
        ip: c.var.ip,
        action: scope.action,
        objectType: scope.objectType,
        objectId: scope.objectId,
        outcome: status === 403 || status === 404 ? "denied" : status < 400 ? "success" : "failure",
        before: null,
        after: null,
        detail: { status, code: error?.code ?? (status >= 500 ? "INTERNAL" : null) },
        requestId: c.var.requestId,
      });
    } catch (failure) {
      deps.log.error("audit write failed", { action, requestId: c.var.requestId, reason: String(failure) });
    }
  });
}
