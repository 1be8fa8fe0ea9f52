/**
 * Account rules shared by login, the session check and user administration: username
 * normalisation, MFA and expiry, and the first-start administrators.
 */
import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import { ensureRegion, type Database, type UserRole, type UsersTable } from "../../store/index.js";
import { appendAudit, auditedTransaction } from "../audit/log.js";
import { hashPassword, randomPassword } from "../auth/passwords.js";
import type { Clock } from "../clock.js";
import type { ServerSettings } from "../settings.js";

/** A row of `users`. */
export type UserRow = Selectable<UsersTable>;

/** The comparison form of a username: NFKC (full-width letters fold) and lower case. */
export function normalizeUsername(username: string): string {
  return username.normalize("NFKC").trim().toLowerCase();
}

/** Whether the user must present TOTP: the per-user decision, else the role default. */
export function mfaRequired(settings: ServerSettings, role: UserRole, override: boolean | null): boolean {
  return override ?? settings.mfaRequiredRoles.includes(role);
}

/** When the password expires, or null when expiry is off (`password.maxAgeDays` 0, the default). */
export function passwordExpiresAt(settings: ServerSettings, changedAt: Date): Date | null {
  if (settings.password.maxAgeDays <= 0) return null;
  return new Date(changedAt.getTime() + settings.password.maxAgeDays * 86_400_000);
}

/** An administrator created at first start, with the one-time password to hand over. */
export interface BootstrapAccount {
  username: string;
  role: UserRole;
  oneTimePassword: string;
}

/** The three administrators of 三权分立 created at first start. */
export const BOOTSTRAP_ACCOUNTS: readonly { username: string; displayName: string; role: UserRole }[] = [
  { username: "sysadmin", displayName: "系统管理员", role: "system_admin" },
  { username: "secadmin", displayName: "安全管理员", role: "security_admin" },
  { username: "auditadmin", displayName: "审计管理员", role: "audit_admin" },
];

/**
 * First start: when the database has no accounts at all, creates the system, security and audit
 * administrators of `regionId`, each with a random one-time password that must be changed at first
 * login. There is no default password. Returns the accounts created (empty when there were some).
 */
export async function bootstrapAdmins(
  db: Kysely<Database>,
  options: { regionId: string; settings: ServerSettings; clock: Clock },
): Promise<BootstrapAccount[]> {
  const any = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  if (any) return [];
  const accounts = await Promise.all(
    BOOTSTRAP_ACCOUNTS.map(async (a) => {
      const oneTimePassword = randomPassword();
      return { ...a, oneTimePassword, hash: await hashPassword(oneTimePassword, options.settings.argon2) };
    }),
  );
  const now = options.clock.now();
  await ensureRegion(db, options.regionId);
  return auditedTransaction(db, async (trx) => {
    // Another process may have bootstrapped meanwhile; the unique index would refuse, this is politer.
    const again = await trx.selectFrom("users").select("id").limit(1).executeTakeFirst();
    if (again) return [];
    for (const a of accounts) {
      const id = randomUUID();
      await trx
        .insertInto("users")
        .values({
          region_id: options.regionId,
          id,
          username: a.username,
          username_norm: normalizeUsername(a.username),
          display_name: a.displayName,
          role: a.role,
          unit_id: null,
          password_hash: a.hash,
          password_changed_at: now,
          must_change_password: true,
          mfa_required: null,
          totp_secret: null,
          totp_pending_secret: null,
          totp_last_step: null,
          disabled_at: null,
          last_login_at: null,
        })
        .execute();
      await appendAudit(trx, {
        at: now,
        regionId: options.regionId,
        actorId: null,
        actorName: "system",
        unitId: null,
        ip: null,
        action: "user.create",
        objectType: "user",
        objectId: id,
        outcome: "success",
        before: null,
        after: { username: a.username, role: a.role, bootstrap: true },
        detail: null,
        requestId: null,
      });
    }
    return accounts.map(({ username, role, oneTimePassword }) => ({ username, role, oneTimePassword }));
  });
}
