/**
 * Which account actions a row of the users table offers. The list's `policies` say what the role
 * may do in general; this adds the per-account conditions of the server's user policy (三权分立:
 * the system administrator never touches an administrator's account, nobody acts on themself
 * through these routes), so no button is shown that the server would refuse.
 */
import type { Capabilities } from "./menu.js";
import { ADMIN_ROLES, type Role } from "./labels.js";

/** An action on another user's account. */
export type UserAction =
  "update" | "disable" | "enable" | "resetPassword" | "setRole" | "setMfa" | "unlock" | "endSessions";

const ACCOUNT_KEEPING: readonly UserAction[] = ["update", "disable", "enable", "resetPassword"];
const SECURITY: readonly UserAction[] = ["setRole", "setMfa", "unlock", "endSessions"];

/** The actions offered on `row` to the signed-in user `meId`. */
export function userActionsFor(
  caps: Capabilities,
  meId: string,
  row: { id: string; role: Role; disabled: boolean },
): UserAction[] {
  if (row.id === meId) return [];
  const allowed = (a: UserAction) => caps.user?.[a] === true;
  const keeping = ADMIN_ROLES.includes(row.role) ? [] : ACCOUNT_KEEPING.filter(allowed);
  return [...keeping, ...SECURITY.filter(allowed)].filter((a) =>
    a === "disable" ? !row.disabled : a === "enable" ? row.disabled : true,
  );
}
