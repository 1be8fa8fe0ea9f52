import type { z } from "@hono/zod-openapi";
import type { MeSchema } from "../schemas/auth.js";
import type { UserSchema } from "../schemas/users.js";
import type { ServerSettings } from "../settings.js";
import { mfaRequired, passwordExpiresAt, type UserRow } from "../services/accounts.js";
import type { SessionInfo } from "../context.js";

/** An account as the API shows it. */
export type UserDto = z.infer<typeof UserSchema>;
/** The signed-in user as the API shows them. */
export type MeDto = z.infer<typeof MeSchema>;

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

/** An account without its secrets: the hash and TOTP secrets never leave the server. */
export function presentUser(row: UserRow, settings: ServerSettings): UserDto {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    regionId: row.region_id,
    unitId: row.unit_id,
    email: row.email,
    disabled: row.disabled_at !== null,
    mustChangePassword: row.must_change_password,
    mfa: { required: mfaRequired(settings, row.role, row.mfa_required), enrolled: row.totp_secret !== null },
    lastLoginAt: iso(row.last_login_at),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** The signed-in user, with what restricts the session. */
export function presentMe(
  row: UserRow,
  unitName: string | null,
  restriction: SessionInfo["restriction"],
  settings: ServerSettings,
): MeDto {
  const expires = passwordExpiresAt(settings, new Date(row.password_changed_at));
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    regionId: row.region_id,
    unitId: row.unit_id,
    unitName,
    email: row.email,
    restriction,
    passwordExpiresAt: iso(expires),
    mfa: { required: mfaRequired(settings, row.role, row.mfa_required), enrolled: row.totp_secret !== null },
    demo: row.demo,
  };
}
