/**
 * Login, logout, password change and TOTP enrolment. Every login attempt writes one audit row
 * (`login` success or failure, or `login.lock` for the failure that locks), in the transaction that
 * records its effect. Unknown and known usernames get the same answers and the same argon2 work.
 */
import type { Transaction } from "kysely";
import type { Database } from "../../store/index.js";
import { adminAllowlist } from "../auth/ip-allowlist.js";
import { ADMIN_ROLES } from "../policies/policy.js";
import { appendAudit, appendAuditAlone, type AuditRecord, auditedTransaction } from "../audit/log.js";
import { hashPassword, passwordProblems, randomPassword, verifyPassword } from "../auth/passwords.js";
import { createSession, endUserSessions } from "../auth/sessions.js";
import { acceptTotp, newTotpSecret, totpUri } from "../auth/totp.js";
import type { AppDeps, RequestContext, SessionInfo } from "../context.js";
import { ApiError } from "../errors.js";
import type { ServerSettings } from "../settings.js";
import { mfaRequired, normalizeUsername, type UserRow } from "./accounts.js";

/** Request facts a login needs (there is no actor yet). */
export interface LoginMeta {
  ip: string;
  requestId: string;
  userAgent: string | null;
  /** Hash of a session token the browser already carried: it is ended, never reused (fixation). */
  presentedIdHash: string | null;
}

/** What a login asks. */
export interface LoginInput {
  username: string;
  password: string;
  totp?: string | undefined;
}

/**
 * Failed logins per IP in the lockout window, in memory, to raise one `security.alert` audit row
 * when an address passes the alert threshold (等保 8.1.4.4(f), brute force from one place).
 */
export class IpFailures {
  private readonly seen = new Map<string, { times: number[]; alerted: boolean }>();

  /** Counts a failure; true exactly once per window, when the count passes `threshold`. */
  record(ip: string, now: number, windowMs: number, threshold: number): boolean {
    const entry = this.seen.get(ip) ?? { times: [], alerted: false };
    entry.times = entry.times.filter((t) => now - t < windowMs);
    if (entry.times.length === 0) entry.alerted = false;
    entry.times.push(now);
    this.seen.delete(ip);
    this.seen.set(ip, entry);
    if (this.seen.size > 50_000) this.seen.delete(this.seen.keys().next().value!);
    if (entry.times.length > threshold && !entry.alerted) {
      entry.alerted = true;
      return true;
    }
    return false;
  }
}

const dummyHashes = new Map<string, Promise<string>>();

/** A hash to verify against when the username is unknown, so both take the same time. */
function dummyHash(cost: ServerSettings["argon2"]): Promise<string> {
  const key = JSON.stringify(cost);
  let hash = dummyHashes.get(key);
  if (!hash) {
    hash = hashPassword(randomPassword(), cost);
    dummyHashes.set(key, hash);
  }
  return hash;
}

type FailureReason = "bad_credentials" | "disabled" | "demo_account" | "mfa_required" | "mfa_invalid";

/**
 * Checks the credentials and opens a session; throws 401 INVALID_CREDENTIALS (also for unknown or
 * disabled users), 401 MFA_REQUIRED / MFA_INVALID, or 429 ACCOUNT_LOCKED.
 */
export async function login(
  deps: AppDeps,
  ipFailures: IpFailures,
  meta: LoginMeta,
  input: LoginInput,
): Promise<{ token: string; user: UserRow }> {
  const { db, settings, clock } = deps;
  const now = clock.now();
  const norm = normalizeUsername(input.username);
  const user = await db.selectFrom("users").selectAll().where("username_norm", "=", norm).executeTakeFirst();
  const base: Omit<AuditRecord, "action" | "outcome" | "detail" | "after"> = {
    at: now,
    regionId: user?.region_id ?? null,
    actorId: user?.id ?? null,
    actorName: input.username,
    unitId: user?.unit_id ?? null,
    ip: meta.ip,
    objectType: "user",
    objectId: user?.id ?? null,
    before: null,
    requestId: meta.requestId,
  };

  const throttle = await db
    .selectFrom("login_throttle")
    .select("locked_until")
    .where("username_norm", "=", norm)
    .executeTakeFirst();
  if (throttle?.locked_until && new Date(throttle.locked_until) > now) {
    await appendAuditAlone(db, {
      ...base,
      action: "login",
      outcome: "failure",
      after: null,
      detail: { reason: "locked" },
    });
    const wait = Math.ceil((new Date(throttle.locked_until).getTime() - now.getTime()) / 1000);
    throw new ApiError(429, "ACCOUNT_LOCKED", undefined, { retryAfter: wait });
  }

  const passwordOk = await verifyPassword(
    user?.password_hash ?? (await dummyHash(settings.argon2)),
    input.password,
  );
  const fail = (reason: FailureReason) => recordFailure(deps, ipFailures, norm, base, reason);
  if (!user || !passwordOk) return fail("bad_credentials");
  if (user.disabled_at) return fail("disabled");
  // Demo accounts have published passwords: outside demo mode they answer like a wrong password.
  if (user.demo && !settings.demo) return fail("demo_account");
  if (ADMIN_ROLES.includes(user.role) && !adminAllowlist(settings).allows(meta.ip)) {
    await appendAuditAlone(db, {
      ...base,
      action: "login",
      outcome: "denied",
      after: null,
      detail: { reason: "ip_not_allowed" },
    });
    throw new ApiError(403, "IP_NOT_ALLOWED");
  }

  let step: number | null = null;
  if (mfaRequired(settings, user.role, user.mfa_required) && user.totp_secret) {
    if (!input.totp) return fail("mfa_required");
    step = acceptTotp(
      deps.secrets!.open(user.totp_secret),
      input.totp,
      now,
      user.totp_last_step === null ? null : Number(user.totp_last_step),
    );
    if (step === null) return fail("mfa_invalid");
  }

  const token = await auditedTransaction(db, async (trx) => {
    if (step !== null) {
      // Two logins racing with one code: only the first to lock the row may use it.
      const locked = await trx
        .selectFrom("users")
        .select("totp_last_step")
        .where("region_id", "=", user.region_id)
        .where("id", "=", user.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (locked.totp_last_step !== null && Number(locked.totp_last_step) >= step) return null;
    }
    await trx.deleteFrom("login_throttle").where("username_norm", "=", norm).execute();
    await trx
      .updateTable("users")
      .set({ last_login_at: now, ...(step !== null ? { totp_last_step: step } : {}) })
      .where("region_id", "=", user.region_id)
      .where("id", "=", user.id)
      .execute();
    if (meta.presentedIdHash)
      await trx.deleteFrom("sessions").where("id_hash", "=", meta.presentedIdHash).execute();
    const session = await createSession(trx, {
      regionId: user.region_id,
      userId: user.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      at: now,
    });
    await appendAudit(trx, {
      ...base,
      actorName: user.username,
      action: "login",
      outcome: "success",
      after: null,
      detail: null,
    });
    return session.token;
  });
  if (token === null) return fail("mfa_invalid");
  return { token, user };
}

async function recordFailure(
  deps: AppDeps,
  ipFailures: IpFailures,
  norm: string,
  base: Omit<AuditRecord, "action" | "outcome" | "detail" | "after">,
  reason: FailureReason,
): Promise<never> {
  const { db, settings } = deps;
  const now = base.at;
  const windowMs = settings.lockout.windowMinutes * 60_000;
  // A missing code is a prompt, not a guess: it does not count towards the lock.
  const counted = reason !== "mfa_required";
  await auditedTransaction(db, async (trx: Transaction<Database>) => {
    let locked: Date | null = null;
    let failures = 0;
    if (counted) {
      await trx
        .insertInto("login_throttle")
        .values({ username_norm: norm, failures: "[]", locked_until: null })
        .onConflict((oc) => oc.column("username_norm").doNothing())
        .execute();
      const row = await trx
        .selectFrom("login_throttle")
        .select("failures")
        .where("username_norm", "=", norm)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const recent = row.failures.filter((t) => now.getTime() - new Date(t).getTime() < windowMs);
      recent.push(now.toISOString());
      failures = recent.length;
      if (recent.length >= settings.lockout.threshold) {
        locked = new Date(now.getTime() + settings.lockout.durationMinutes * 60_000);
      }
      await trx
        .updateTable("login_throttle")
        .set({ failures: JSON.stringify(locked ? [] : recent), locked_until: locked })
        .where("username_norm", "=", norm)
        .execute();
    }
    const alert = ipFailures.record(
      base.ip ?? "unknown",
      now.getTime(),
      windowMs,
      settings.rateLimit.alertFailuresPerIp,
    );
    await appendAudit(trx, {
      ...base,
      action: locked ? "login.lock" : "login",
      outcome: "failure",
      after: locked ? { lockedUntil: locked.toISOString() } : null,
      detail: { reason, ...(counted ? { failures } : {}) },
    });
    if (alert) {
      await appendAudit(trx, {
        ...base,
        actorId: null,
        actorName: null,
        regionId: null,
        unitId: null,
        objectType: "ip",
        objectId: base.ip,
        action: "security.alert",
        outcome: "failure",
        after: null,
        detail: { reason: "login_failures_from_ip", threshold: settings.rateLimit.alertFailuresPerIp },
      });
    }
  });
  if (reason === "mfa_required") throw new ApiError(401, "MFA_REQUIRED");
  if (reason === "mfa_invalid") throw new ApiError(401, "MFA_INVALID");
  throw new ApiError(401, "INVALID_CREDENTIALS");
}

/** Loads the actor's own row. */
export async function loadSelf(ctx: RequestContext): Promise<UserRow> {
  const row = await ctx.db
    .selectFrom("users")
    .selectAll()
    .where("region_id", "=", ctx.actor.regionId)
    .where("id", "=", ctx.actor.userId)
    .executeTakeFirst();
  if (!row) throw new ApiError(401, "UNAUTHENTICATED");
  return row;
}

/** The actor's own row and the name of their unit, in one query. */
export async function loadMe(ctx: RequestContext): Promise<{ row: UserRow; unitName: string | null }> {
  const found = await ctx.db
    .selectFrom("users as u")
    .leftJoin("units as n", (j) => j.onRef("n.region_id", "=", "u.region_id").onRef("n.id", "=", "u.unit_id"))
    .selectAll("u")
    .select("n.canonical_name as unit_name")
    .where("u.region_id", "=", ctx.actor.regionId)
    .where("u.id", "=", ctx.actor.userId)
    .executeTakeFirst();
  if (!found) throw new ApiError(401, "UNAUTHENTICATED");
  const { unit_name: unitName, ...row } = found;
  return { row, unitName };
}

/** Ends the current session. */
export async function logout(ctx: RequestContext, session: SessionInfo): Promise<void> {
  await ctx.transaction(async (trx) => {
    await trx.deleteFrom("sessions").where("id_hash", "=", session.idHash).execute();
    await ctx.audit(trx, { objectId: ctx.actor.userId });
  });
}

/**
 * Changes the actor's password: the current one must be right and the new one must meet the policy.
 * Ends every session of the user, this one included, and returns a new token for this browser.
 */
export async function changePassword(
  ctx: RequestContext,
  session: SessionInfo,
  input: { currentPassword: string; newPassword: string },
  userAgent: string | null,
): Promise<string> {
  const user = await loadSelf(ctx);
  if (!(await verifyPassword(user.password_hash, input.currentPassword)))
    throw new ApiError(400, "PASSWORD_INCORRECT");
  const problems = passwordProblems(input.newPassword, user.username, ctx.settings.password);
  if (input.newPassword === input.currentPassword) problems.push("新密码不能与当前密码相同");
  if (problems.length > 0)
    throw new ApiError(400, "PASSWORD_POLICY", problems.join("；"), { details: problems });
  const hash = await hashPassword(input.newPassword, ctx.settings.argon2);
  const now = ctx.clock.now();
  return ctx.transaction(async (trx) => {
    await trx
      .updateTable("users")
      .set({ password_hash: hash, password_changed_at: now, must_change_password: false, updated_at: now })
      .where("region_id", "=", user.region_id)
      .where("id", "=", user.id)
      .execute();
    const ended = await endUserSessions(trx, user.region_id, user.id);
    const fresh = await createSession(trx, {
      regionId: user.region_id,
      userId: user.id,
      ip: ctx.ip,
      userAgent,
      at: now,
    });
    await ctx.audit(trx, {
      objectId: user.id,
      detail: { sessionsEnded: ended, previousSession: session.idHash.slice(0, 8) },
    });
    return fresh.token;
  });
}

/** Starts TOTP enrolment: a new secret, pending until a code from it is verified. */
export async function enrolTotp(ctx: RequestContext): Promise<{ secret: string; uri: string }> {
  const user = await loadSelf(ctx);
  if (user.totp_secret)
    throw new ApiError(409, "MFA_NOT_PENDING", "已绑定动态验证码；如需更换，请联系安全管理员重置");
  const secret = newTotpSecret();
  await ctx.transaction(async (trx) => {
    await trx
      .updateTable("users")
      .set({ totp_pending_secret: ctx.secrets.seal(secret), updated_at: ctx.clock.now() })
      .where("region_id", "=", user.region_id)
      .where("id", "=", user.id)
      .execute();
    // The secret itself never goes into the audit log.
    await ctx.audit(trx, { objectId: user.id });
  });
  return { secret, uri: totpUri(secret, user.username) };
}

/** Completes TOTP enrolment with a code from the pending secret. */
export async function verifyTotp(ctx: RequestContext, code: string): Promise<void> {
  const user = await loadSelf(ctx);
  if (!user.totp_pending_secret) throw new ApiError(400, "MFA_NOT_PENDING");
  const step = acceptTotp(ctx.secrets.open(user.totp_pending_secret), code, ctx.clock.now(), null);
  if (step === null) throw new ApiError(400, "MFA_INVALID");
  await ctx.transaction(async (trx) => {
    await trx
      .updateTable("users")
      .set({
        totp_secret: user.totp_pending_secret,
        totp_pending_secret: null,
        totp_last_step: step,
        updated_at: ctx.clock.now(),
      })
      .where("region_id", "=", user.region_id)
      .where("id", "=", user.id)
      .execute();
    await ctx.audit(trx, { objectId: user.id, after: { mfaEnrolled: true } });
  });
}
