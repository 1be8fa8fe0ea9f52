/** Account operations for the command line (an operator with shell access, not an API user). */
import type { Kysely } from "kysely";
import type { Database, UserRole } from "../../store/index.js";
import { appendAudit, auditedTransaction } from "../audit/log.js";
import { hashPassword, randomPassword } from "../auth/passwords.js";
import { endUserSessions } from "../auth/sessions.js";
import type { Clock } from "../clock.js";
import type { ServerSettings } from "../settings.js";
import { normalizeUsername } from "./accounts.js";

/** An account as `luoshi users list` shows it. */
export interface AccountListing {
  username: string;
  displayName: string;
  role: UserRole;
  disabled: boolean;
}

/** The accounts of a region. */
export async function listAccounts(db: Kysely<Database>, regionId: string): Promise<AccountListing[]> {
  const rows = await db
    .selectFrom("users")
    .select(["username", "display_name", "role", "disabled_at"])
    .where("region_id", "=", regionId)
    .orderBy("username_norm")
    .execute();
  return rows.map((r) => ({
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    disabled: r.disabled_at !== null,
  }));
}

/**
 * Gives an account a new one-time password (to be changed at login), lifts its lock and ends its
 * sessions; audited with actor `cli`. Returns the password, or null when there is no such user.
 */
export async function cliResetPassword(
  db: Kysely<Database>,
  options: { username: string; settings: ServerSettings; clock: Clock },
): Promise<string | null> {
  const norm = normalizeUsername(options.username);
  const user = await db.selectFrom("users").selectAll().where("username_norm", "=", norm).executeTakeFirst();
  if (!user) return null;
  const password = randomPassword();
  const hash = await hashPassword(password, options.settings.argon2);
  const now = options.clock.now();
  await auditedTransaction(db, async (trx) => {
    await trx
      .updateTable("users")
      .set({ password_hash: hash, password_changed_at: now, must_change_password: true, updated_at: now })
      .where("region_id", "=", user.region_id)
      .where("id", "=", user.id)
      .execute();
    await trx.deleteFrom("login_throttle").where("username_norm", "=", norm).execute();
    const ended = await endUserSessions(trx, user.region_id, user.id);
    await appendAudit(trx, {
      at: now,
      regionId: user.region_id,
      actorId: null,
      actorName: "cli",
      unitId: null,
      ip: null,
      action: "user.reset_password",
      objectType: "user",
      objectId: user.id,
      outcome: "success",
      before: null,
      after: { mustChangePassword: true, unlocked: true },
      detail: { sessionsEnded: ended },
      requestId: null,
    });
  });
  return password;
}
