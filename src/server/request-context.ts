import type { Context } from "hono";
import { appendAudit, auditedTransaction } from "./audit/log.js";
import type { AppDeps, AppEnv, AuditScope, RequestContext } from "./context.js";

/**
 * The context services run in: the store, the actor and the audit hook of this request. Routes
 * without `audited` get a scope that still records (reads that log, such as an export).
 */
export function requestContext(
  c: Context<AppEnv>,
  deps: AppDeps,
  fallback?: Omit<AuditScope, "written" | "committed">,
): RequestContext {
  const actor = c.var.actor;
  const scope: AuditScope = c.get("audit") ?? {
    action: fallback?.action ?? "unknown",
    objectType: fallback?.objectType ?? null,
    objectId: fallback?.objectId ?? null,
    written: false,
    committed: false,
  };
  return {
    db: deps.db,
    settings: deps.settings,
    clock: deps.clock,
    parser: deps.parser,
    log: deps.log,
    secrets: deps.secrets!,
    actor,
    ip: c.var.ip,
    requestId: c.var.requestId,
    async audit(trx, change) {
      const row = await appendAudit(trx, {
        at: deps.clock.now(),
        regionId: actor.regionId,
        actorId: actor.userId,
        actorName: actor.username,
        unitId: actor.unitId,
        ip: c.var.ip,
        action: change.action ?? scope.action,
        objectType: scope.objectType,
        objectId: change.objectId !== undefined ? change.objectId : scope.objectId,
        outcome: change.outcome ?? "success",
        before: change.before ?? null,
        after: change.after ?? null,
        detail: change.detail ?? null,
        requestId: c.var.requestId,
      });
      scope.written = true;
      if (change.objectId) scope.objectId = change.objectId;
      return row;
    },
    async transaction(work) {
      // A row written in an earlier transaction that rolled back must not count for this one.
      if (!scope.committed) scope.written = false;
      const result = await auditedTransaction(deps.db, work);
      if (scope.written) scope.committed = true;
      return result;
    },
    committed() {
      if (scope.written) scope.committed = true;
    },
  };
}
