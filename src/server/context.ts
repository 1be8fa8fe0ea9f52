import type { IncomingMessage } from "node:http";
import type { Kysely, Transaction } from "kysely";
import type { Database, UserRole } from "../store/index.js";
import type { AuditOutcome, AuditRow } from "./audit/log.js";
import type { Clock } from "./clock.js";
import type { ParseRunner } from "./parse-runner.js";
import type { ServerSettings } from "./settings.js";
import type { SecretBox } from "./auth/secret-box.js";

/** The signed-in user a request acts for. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: UserRole;
  regionId: string;
  /** The department (责任单位) of a reporter; optional for other roles. */
  unitId: string | null;
}

/** The session behind a request. */
export interface SessionInfo {
  /** SHA-256 of the token: the row key. */
  idHash: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** Why the session may only change its password or enrol TOTP, if so. */
  restriction: "PASSWORD_CHANGE_REQUIRED" | "PASSWORD_EXPIRED" | "MFA_ENROLMENT_REQUIRED" | null;
}

/** One line of the server log; values are escaped by the logger, never trusted. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A logger that writes JSON lines to stderr (JSON escapes control characters, so lines cannot be forged). */
export const stderrLogger: Logger = {
  info: (message, fields) =>
    process.stderr.write(`${JSON.stringify({ level: "info", message, ...fields })}\n`),
  error: (message, fields) =>
    process.stderr.write(`${JSON.stringify({ level: "error", message, ...fields })}\n`),
};

/** A logger that drops everything; for tests. */
export const silentLogger: Logger = { info: () => undefined, error: () => undefined };

/** What the app is built from; tests replace the clock, the settings and the parse runner. */
export interface AppDeps {
  db: Kysely<Database>;
  settings: ServerSettings;
  clock: Clock;
  parser: ParseRunner;
  log: Logger;
  /** Seals TOTP seeds with a key outside the database; default: a random key for this process (tests). */
  secrets?: SecretBox;
}

/** What one audited route writes: its action and object type, and whether a row was written. */
export interface AuditScope {
  action: string;
  objectType: string | null;
  /** Set when the service wrote the row inside its (still open) transaction. */
  written: boolean;
  /** Set when that transaction committed; otherwise the error path writes the row. */
  committed: boolean;
  objectId: string | null;
}

/** Hono environment of the app: Node bindings and per-request variables. */
export interface AppEnv {
  Bindings: { incoming?: IncomingMessage };
  Variables: {
    requestId: string;
    ip: string;
    actor: Actor;
    session: SessionInfo;
    audit: AuditScope;
  };
}

/** Audit facts a service adds when it records its change. */
export interface AuditChange {
  objectId?: string | null;
  outcome?: AuditOutcome;
  before?: unknown;
  after?: unknown;
  detail?: unknown;
  /** Overrides the route's action (one route, several verbs: `login` vs `login.lock`). */
  action?: string;
}

/** What services get from a request: the store, the actor, and how to audit in their transaction. */
export interface RequestContext {
  db: Kysely<Database>;
  settings: ServerSettings;
  clock: Clock;
  parser: ParseRunner;
  log: Logger;
  secrets: SecretBox;
  actor: Actor;
  ip: string;
  requestId: string;
  /** Writes this request's audit row inside `trx`; call it last in the transaction. */
  audit(trx: Transaction<Database>, change: AuditChange): Promise<AuditRow>;
  /** Runs `work` in a transaction and notes when the audit row written in it has committed. */
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /** Notes that a transaction run elsewhere (import's) committed this request's audit row. */
  committed(): void;
}
