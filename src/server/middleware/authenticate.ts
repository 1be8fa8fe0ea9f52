import { createMiddleware } from "hono/factory";
import { adminAllowlist } from "../auth/ip-allowlist.js";
import { tokenHash, readSessionCookie } from "../auth/sessions.js";
import type { Actor, AppDeps, AppEnv, SessionInfo } from "../context.js";
import { ApiError } from "../errors.js";
import { ADMIN_ROLES } from "../policies/policy.js";
import { mfaRequired, passwordExpiresAt } from "../services/accounts.js";

/** Options of `authenticate`. */
export interface AuthenticateOptions {
  /**
   * Let a restricted session through (must change its password, password expired, must enrol
   * TOTP): only the routes that lift the restriction, `me` and logout set this.
   */
  allowRestricted?: boolean;
}

/**
 * The actor and session behind a token, or 401. Ends sessions idle past the idle timeout or older
 * than the absolute one, and those of disabled users. The last-seen time is written at most once
 * per `touchSeconds`.
 */
export async function resolveSession(
  deps: AppDeps,
  token: string,
): Promise<{ actor: Actor; session: SessionInfo }> {
  if (token.length > 128) throw new ApiError(401, "UNAUTHENTICATED");
  const idHash = tokenHash(token);
  const row = await deps.db
    .selectFrom("sessions as s")
    .innerJoin("users as u", (j) =>
      j.onRef("u.region_id", "=", "s.region_id").onRef("u.id", "=", "s.user_id"),
    )
    .select([
      "s.created_at",
      "s.last_seen_at",
      "u.id",
      "u.region_id",
      "u.username",
      "u.display_name",
      "u.role",
      "u.unit_id",
      "u.disabled_at",
      "u.must_change_password",
      "u.password_changed_at",
      "u.mfa_required",
      "u.totp_secret",
    ])
    .where("s.id_hash", "=", idHash)
    .executeTakeFirst();
  if (!row) throw new ApiError(401, "UNAUTHENTICATED");
  const { settings, clock } = deps;
  const now = clock.now();
  const createdAt = new Date(row.created_at);
  const lastSeenAt = new Date(row.last_seen_at);
  const idle = now.getTime() - lastSeenAt.getTime() > settings.session.idleMinutes * 60_000;
  const old = now.getTime() - createdAt.getTime() > settings.session.absoluteHours * 3_600_000;
  if (idle || old || row.disabled_at) {
    await deps.db.deleteFrom("sessions").where("id_hash", "=", idHash).execute();
    throw new ApiError(401, row.disabled_at ? "UNAUTHENTICATED" : "SESSION_EXPIRED");
  }
  const expires = passwordExpiresAt(settings, new Date(row.password_changed_at));
  let restriction: SessionInfo["restriction"] = null;
  if (row.must_change_password) restriction = "PASSWORD_CHANGE_REQUIRED";
  else if (expires && now >= expires) restriction = "PASSWORD_EXPIRED";
  else if (mfaRequired(settings, row.role, row.mfa_required) && !row.totp_secret)
    restriction = "MFA_ENROLMENT_REQUIRED";
  if (now.getTime() - lastSeenAt.getTime() >= settings.session.touchSeconds * 1000) {
    await deps.db.updateTable("sessions").set({ last_seen_at: now }).where("id_hash", "=", idHash).execute();
  }
  return {
    session: { idHash, createdAt, lastSeenAt: now, restriction },
    actor: {
      userId: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      regionId: row.region_id,
      unitId: row.unit_id,
    },
  };
}

/** Resolves the session cookie to an actor (401 without one), and refuses a restricted session (403) unless allowed. */
export function authenticate(deps: AppDeps, options: AuthenticateOptions = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = readSessionCookie(c);
    if (!token) throw new ApiError(401, "UNAUTHENTICATED");
    const { actor, session } = await resolveSession(deps, token);
    if (ADMIN_ROLES.includes(actor.role) && !adminAllowlist(deps.settings).allows(c.get("ip")))
      throw new ApiError(403, "IP_NOT_ALLOWED");
    if (session.restriction && !options.allowRestricted) throw new ApiError(403, session.restriction);
    c.set("session", session);
    c.set("actor", actor);
    await next();
  });
}
