/**
 * The audit log for the audit administrator: read, export (itself audited), verify the chain, and
 * purge rows past the retention period (CLI only).
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../../store/index.js";
import {
  appendAudit,
  auditRowOf,
  verifyAudit,
  type AuditRow,
  type AuditVerification,
  auditedTransaction,
} from "../audit/log.js";
import type { Clock } from "../clock.js";
import type { RequestContext } from "../context.js";
import { ApiError } from "../errors.js";
import { auditPolicy } from "../policies/audit.js";
import { MIN_AUDIT_RETENTION_DAYS } from "../settings.js";

/** Filters of the audit list. */
export interface AuditFilters {
  from?: string | undefined;
  to?: string | undefined;
  action?: string | undefined;
  actor?: string | undefined;
  outcome?: "success" | "failure" | "denied" | undefined;
}

function scoped(ctx: RequestContext, filters: AuditFilters) {
  let query = ctx.db
    .selectFrom("audit_log")
    .where((eb) => eb.or([eb("region_id", "=", ctx.actor.regionId), eb("region_id", "is", null)]));
  if (filters.from) query = query.where("at", ">=", new Date(filters.from));
  if (filters.to) query = query.where("at", "<", new Date(filters.to));
  if (filters.action) query = query.where("action", "=", filters.action);
  if (filters.actor) query = query.where("actor_name", "=", filters.actor);
  if (filters.outcome) query = query.where("outcome", "=", filters.outcome);
  return query;
}

/** Audit rows of the actor's region (and system-wide ones), newest first. */
export async function listAudit(
  ctx: RequestContext,
  filters: AuditFilters & { limit: number; offset: number },
): Promise<{ rows: AuditRow[]; total: number }> {
  auditPolicy.authorize(ctx.actor, "list");
  const total = await scoped(ctx, filters)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const rows = await scoped(ctx, filters)
    .selectAll()
    .orderBy("seq", "desc")
    .limit(filters.limit)
    .offset(filters.offset)
    .execute();
  return { rows: rows.map(auditRowOf), total: Number(total.n) };
}

/**
 * Records the export, then yields the rows oldest first in batches, so an export of a year of
 * rows streams instead of sitting in memory.
 */
export async function exportAudit(
  ctx: RequestContext,
  filters: AuditFilters & { format: string },
): Promise<AsyncGenerator<AuditRow[]>> {
  auditPolicy.authorize(ctx.actor, "export");
  await ctx.transaction((trx) =>
    ctx.audit(trx, {
      detail: { from: filters.from ?? null, to: filters.to ?? null, format: filters.format },
    }),
  );
  return (async function* () {
    let after = 0;
    for (;;) {
      const batch = await scoped(ctx, filters)
        .selectAll()
        .where("seq", ">", after)
        .orderBy("seq")
        .limit(1000)
        .execute();
      if (batch.length === 0) return;
      yield batch.map(auditRowOf);
      after = Number(batch[batch.length - 1]!.seq);
      if (batch.length < 1000) return;
    }
  })();
}

/** Checks the whole chain. */
export async function verifyAuditChain(ctx: RequestContext): Promise<AuditVerification> {
  auditPolicy.authorize(ctx.actor, "verify");
  return verifyAudit(ctx.db);
}

/** What a purge removed. */
export interface PurgeResult {
  deleted: number;
  /** The first row kept, whose prev_hash anchors the rest of the chain. */
  anchorSeq: number | null;
}

/**
 * Deletes the oldest rows recorded before `before`, refusing anything younger than the retention
 * period (at least 180 days; the database trigger refuses it too). Only a prefix of the chain is
 * removed, so the rest still verifies; the purge itself is recorded.
 */
export async function purgeAudit(
  db: Kysely<Database>,
  options: { before: Date; clock: Clock; retentionDays: number; actorName: string },
): Promise<PurgeResult> {
  const days = Math.max(options.retentionDays, MIN_AUDIT_RETENTION_DAYS);
  const limit = new Date(options.clock.now().getTime() - days * 86_400_000);
  if (options.before > limit)
    throw new ApiError(
      409,
      "AUDIT_RETENTION",
      `审计日志至少保存 ${days} 天，只能删除 ${limit.toISOString()} 之前的记录`,
    );
  return auditedTransaction(db, async (trx) => {
    await sql`SELECT set_config('luoshi.audit_maintenance', 'purge', true)`.execute(trx);
    const firstKept = await trx
      .selectFrom("audit_log")
      .select("seq")
      .where("at", ">=", options.before)
      .orderBy("seq")
      .limit(1)
      .executeTakeFirst();
    let query = trx.deleteFrom("audit_log").where("at", "<", options.before);
    if (firstKept) query = query.where("seq", "<", firstKept.seq);
    const result = await query.executeTakeFirst();
    const deleted = Number(result.numDeletedRows);
    const anchor = await trx.selectFrom("audit_log").select("seq").orderBy("seq").limit(1).executeTakeFirst();
    await sql`SELECT set_config('luoshi.audit_maintenance', '', true)`.execute(trx);
    await appendAudit(trx, {
      at: options.clock.now(),
      regionId: null,
      actorId: null,
      actorName: options.actorName,
      unitId: null,
      ip: null,
      action: "audit.purge",
      objectType: "audit",
      objectId: null,
      outcome: "success",
      before: null,
      after: null,
      detail: {
        before: options.before.toISOString(),
        deleted,
        anchorSeq: anchor ? Number(anchor.seq) : null,
      },
      requestId: null,
    });
    return { deleted, anchorSeq: anchor ? Number(anchor.seq) : null };
  });
}
