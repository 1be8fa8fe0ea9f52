/**
 * What the reporting services run in: the store, who acts, the clock, and how to write the one
 * audit row of a change inside its transaction. The server's request context fits this shape; the
 * CLI builds one for its operator.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database, UserRole } from "../store/index.js";

/** Who acts: a signed-in user, or the operator at the command line (`userId` null). */
export interface TrackActor {
  userId: string | null;
  username: string;
  role: UserRole;
  regionId: string;
  unitId: string | null;
}

/** The audit facts a service adds to its change. */
export interface TrackAuditChange {
  action?: string;
  objectId?: string | null;
  before?: unknown;
  after?: unknown;
  detail?: unknown;
}

/** The context of a reporting service. */
export interface TrackContext {
  db: Kysely<Database>;
  actor: TrackActor;
  clock: { now(): Date };
  /** Writes the audit row of this change inside `trx`; called last in the transaction. */
  audit(trx: Transaction<Database>, change: TrackAuditChange): Promise<unknown>;
  /** Runs `work` in a transaction (serialised with the other audited writes). */
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
}

/** A read-only view: the store and the region. */
export interface TrackScope {
  db: Kysely<Database> | Transaction<Database>;
  regionId: string;
}
