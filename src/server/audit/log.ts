/**
 * The audit log: one append-only, hash-chained row per write and per login attempt, inserted in the
 * same transaction as the change it records, so a failed audit insert fails the change (等保
 * 8.1.4.3(d)). Each row's hash is sha256(prev_hash ‖ "\n" ‖ canonical row); `verifyAudit` recomputes
 * the chain and names the first row that does not fit.
 */
import { createHash } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../store/index.js";

type Db = Kysely<Database> | Transaction<Database>;

/** How an audited request ended. */
export type AuditOutcome = "success" | "failure" | "denied";

/** What one audit row says, before it gets its place in the chain. */
export interface AuditRecord {
  /** When, from the server's clock. */
  at: Date;
  regionId: string | null;
  actorId: string | null;
  /** Username of the actor, or the name tried at a failed login (control characters escaped). */
  actorName: string | null;
  unitId: string | null;
  ip: string | null;
  /** Dotted verb, e.g. `login`, `login.lock`, `user.create`, `document.upload`. */
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: AuditOutcome;
  before: unknown;
  after: unknown;
  /** Why, for failures and denials, and other facts that are not object state. */
  detail: unknown;
  requestId: string | null;
}

/** A stored audit row. */
export interface AuditRow extends AuditRecord {
  seq: number;
  prevHash: string;
  hash: string;
}

/** prev_hash of the first row. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * Advisory lock key that serialises audit inserts, so two transactions never read the same last
 * row and fork the chain. Taken by the insert, which is the last statement of every audited
 * transaction, so it is held only from there to COMMIT.
 */
const AUDIT_LOCK_KEY = 0x4c55_4f53; // "LUOS"

/** JSON with object keys sorted, so a row hashes the same after a round trip through jsonb. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The text a row's hash covers: every column but the hashes, in a fixed shape. */
export function canonicalRow(seq: number, r: AuditRecord): string {
  return canonicalJson({
    seq,
    at: new Date(r.at).toISOString(),
    regionId: r.regionId,
    actorId: r.actorId,
    actorName: r.actorName,
    unitId: r.unitId,
    ip: r.ip,
    action: r.action,
    objectType: r.objectType,
    objectId: r.objectId,
    outcome: r.outcome,
    before: r.before ?? null,
    after: r.after ?? null,
    detail: r.detail ?? null,
    requestId: r.requestId,
  });
}

/** sha256(prev ‖ "\n" ‖ canonical row), hex. */
export function chainHash(prevHash: string, seq: number, record: AuditRecord): string {
  return createHash("sha256")
    .update(`${prevHash}\n${canonicalRow(seq, record)}`)
    .digest("hex");
}

/**
 * Control characters (a `\n` in a username could forge a log line) become `\u000a` text; NUL
 * would be refused by PostgreSQL. Long values are cut.
 */
export function escapeForLog(value: string, max = 200): string {
  const escaped = value
    // A lone surrogate cannot be stored in jsonb.
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => {
      return `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
    });
  return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped;
}

/** Deep copy with every string passed through `escapeForLog` (jsonb refuses \u0000). */
function cleanJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return escapeForLog(value, 2000);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(cleanJson);
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) out[escapeForLog(k, 200)] = cleanJson(v);
    }
    return out;
  }
  return value;
}

function json(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}

/**
 * Appends one row to the chain inside `trx`. Call it as the last statement of the transaction: it
 * takes the audit advisory lock, which is held until COMMIT.
 */
export async function appendAudit(trx: Transaction<Database>, input: AuditRecord): Promise<AuditRow> {
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
  const last = await trx
    .selectFrom("audit_log")
    .select(["seq", "hash"])
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  const record: AuditRecord = {
    ...input,
    at: new Date(input.at.getTime()),
    actorName: input.actorName === null ? null : escapeForLog(input.actorName),
    ip: input.ip === null ? null : escapeForLog(input.ip, 100),
    // An id from a URL is whatever the client typed until validation says otherwise.
    objectId: input.objectId === null ? null : escapeForLog(input.objectId, 200),
    before: cleanJson(input.before),
    after: cleanJson(input.after),
    detail: cleanJson(input.detail),
  };
  const seq = (last ? Number(last.seq) : 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = chainHash(prevHash, seq, record);
  await trx
    .insertInto("audit_log")
    .values({
      seq,
      at: record.at,
      region_id: record.regionId,
      actor_id: record.actorId,
      actor_name: record.actorName,
      unit_id: record.unitId,
      ip: record.ip,
      action: record.action,
      object_type: record.objectType,
      object_id: record.objectId,
      outcome: record.outcome,
      before: json(record.before),
      after: json(record.after),
      detail: json(record.detail),
      request_id: record.requestId,
      prev_hash: prevHash,
      hash,
    })
    .execute();
  return { ...record, seq, prevHash, hash };
}

/** A FIFO lock held in memory. */
class Gate {
  private tail: Promise<void> = Promise.resolve();

  async enter(): Promise<() => void> {
    let leave!: () => void;
    const left = new Promise<void>((resolve) => (leave = resolve));
    const ready = this.tail;
    this.tail = ready.then(() => left);
    await ready;
    return leave;
  }
}

const gates = new WeakMap<Kysely<Database>, Gate>();

/**
 * Runs a transaction that writes an audit row. Audited writes are serialised by the chain's
 * advisory lock anyway; queueing them here first, in memory, means at most one pooled connection
 * of this process waits for that lock, instead of every writer holding one while reads starve.
 * (Imports take only the database lock: they must not wait here while holding a connection.)
 */
export async function auditedTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  let gate = gates.get(db);
  if (!gate) gates.set(db, (gate = new Gate()));
  const leave = await gate.enter();
  try {
    return await db.transaction().execute(work);
  } finally {
    leave();
  }
}

/** Appends one row in a transaction of its own (denials and failures that changed nothing). */
export async function appendAuditAlone(db: Kysely<Database>, input: AuditRecord): Promise<AuditRow> {
  return auditedTransaction(db, (trx) => appendAudit(trx, input));
}

/** Maps a stored row to an `AuditRow`. */
export function auditRowOf(r: {
  seq: number;
  at: Date | string;
  region_id: string | null;
  actor_id: string | null;
  actor_name: string | null;
  unit_id: string | null;
  ip: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  outcome: AuditOutcome;
  before: unknown;
  after: unknown;
  detail: unknown;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}): AuditRow {
  return {
    seq: Number(r.seq),
    at: new Date(r.at),
    regionId: r.region_id,
    actorId: r.actor_id,
    actorName: r.actor_name,
    unitId: r.unit_id,
    ip: r.ip,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    outcome: r.outcome,
    before: r.before ?? null,
    after: r.after ?? null,
    detail: r.detail ?? null,
    requestId: r.request_id,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Where the chain breaks. */
export interface AuditBreak {
  seq: number;
  /** `hash`: the row's content changed; `link`: prev_hash is not the previous row's hash; `gap`: rows missing before it. */
  reason: "hash" | "link" | "gap";
}

/** Result of `verifyAudit`. */
export interface AuditVerification {
  ok: boolean;
  rows: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** The first row that does not fit, when `ok` is false. */
  firstBad?: AuditBreak;
}

/**
 * Recomputes the chain in sequence order and stops at the first row that does not fit. After a
 * purge the first remaining row's prev_hash is taken as given (its predecessor is gone).
 */
export async function verifyAudit(db: Db): Promise<AuditVerification> {
  let prevHash: string | undefined;
  let prevSeq: number | undefined;
  let rows = 0;
  let firstSeq: number | null = null;
  for (;;) {
    let query = db.selectFrom("audit_log").selectAll().orderBy("seq").limit(1000);
    if (prevSeq !== undefined) query = query.where("seq", ">", prevSeq);
    const batch = await query.execute();
    for (const stored of batch) {
      const row = auditRowOf(stored);
      rows++;
      firstSeq ??= row.seq;
      const fail = (reason: AuditBreak["reason"]): AuditVerification => ({
        ok: false,
        rows,
        firstSeq,
        lastSeq: row.seq,
        firstBad: { seq: row.seq, reason },
      });
      if (prevSeq === undefined) {
        if (row.seq === 1 && row.prevHash !== GENESIS_HASH) return fail("link");
      } else {
        if (row.seq !== prevSeq + 1) return fail("gap");
        if (row.prevHash !== prevHash) return fail("link");
      }
      if (chainHash(row.prevHash, row.seq, row) !== row.hash) return fail("hash");
      prevHash = row.hash;
      prevSeq = row.seq;
    }
    if (batch.length < 1000) break;
  }
  return { ok: true, rows, firstSeq, lastSeq: prevSeq ?? null };
}
