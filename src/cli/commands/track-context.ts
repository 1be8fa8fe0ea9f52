/**
 * The operator at the command line as the reporting services see it: the region's supervision
 * office, audited as actor `cli` (like `luoshi users reset-password`), with failures as exit errors.
 */
import type { Kysely } from "kysely";
import { appendAudit, auditedTransaction } from "../../server/audit/log.js";
import type { Database } from "../../store/index.js";
import type { TrackContext } from "../../track/context.js";
import { isTrackError } from "../../track/errors.js";
import { getPeriod, type PeriodRecord } from "../../track/periods.js";
import { ExitError } from "../exit-error.js";

/** A context acting for the supervision office of `regionId`; each write audits `action`. */
export function cliTrackContext(db: Kysely<Database>, regionId: string, action: string): TrackContext {
  return {
    db,
    actor: { userId: null, username: "cli", role: "supervisor", regionId, unitId: null },
    clock: { now: () => new Date() },
    audit: (trx, change) =>
      appendAudit(trx, {
        at: new Date(),
        regionId,
        actorId: null,
        actorName: "cli",
        unitId: null,
        ip: null,
        action: change.action ?? action,
        objectType: action.split(".")[0] ?? null,
        objectId: change.objectId ?? null,
        outcome: "success",
        before: change.before ?? null,
        after: change.after ?? null,
        detail: change.detail ?? null,
        requestId: null,
      }),
    transaction: (work) => auditedTransaction(db, work),
  };
}

/** Runs a track service; its failures become one-line exit errors (65: bad input). */
export async function cliTracked<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isTrackError(error)) throw new ExitError(error.message, 65);
    throw error;
  }
}

/** A period of the region by id, or an exit error. */
export function periodOrExit(
  db: Kysely<Database>,
  regionId: string,
  id: string | undefined,
): Promise<PeriodRecord> {
  if (!id) throw new ExitError("请用 --period 指定报送周期", 2);
  return cliTracked(() => getPeriod({ db, regionId }, id));
}

/** A unit of the region by canonical name or alias, or an exit error. */
export async function unitOrExit(
  db: Kysely<Database>,
  regionId: string,
  name: string,
): Promise<{ id: string; name: string }> {
  const units = await db
    .selectFrom("units")
    .select(["id", "canonical_name", "aliases"])
    .where("region_id", "=", regionId)
    .execute();
  const unit =
    units.find((u) => u.canonical_name === name || u.id === name) ??
    units.find((u) => u.aliases.includes(name));
  if (!unit) throw new ExitError(`未找到责任单位：${name}`, 65);
  return { id: unit.id, name: unit.canonical_name };
}
