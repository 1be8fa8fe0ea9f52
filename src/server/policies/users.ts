import type { Role } from "./policy.js";
import { ADMIN_ROLES, allow, Policy, sameRegion } from "./policy.js";
import type { Actor } from "../context.js";

/** A user account as the policy sees it (for `create`: the account to be created). */
export interface UserSubject {
  regionId: string;
  userId: string | null;
  role: Role;
}

/** What can be done to accounts. */
export type UserAction =
  | "list"
  | "read"
  | "create"
  | "update"
  | "disable"
  | "enable"
  | "resetPassword"
  | "setRole"
  | "setMfa"
  | "unlock"
  | "endSessions";

const businessAccount = (actor: Actor, user: UserSubject) =>
  sameRegion(actor, user) && !ADMIN_ROLES.includes(user.role) && user.userId !== actor.userId;
const notSelf = (actor: Actor, user: UserSubject) => sameRegion(actor, user) && user.userId !== actor.userId;

/**
 * Accounts, split by 三权分立: the system administrator keeps the ledger users' accounts (create,
 * edit, disable, reset) but cannot touch an administrator's; the security administrator decides
 * roles, MFA, unlocks and sessions; the audit administrator has no say over accounts at all.
 */
export const userPolicy = new Policy<UserAction, UserSubject>(
  "user",
  [
    "list",
    "read",
    "create",
    "update",
    "disable",
    "enable",
    "resetPassword",
    "setRole",
    "setMfa",
    "unlock",
    "endSessions",
  ],
  [
    allow(["system_admin", "security_admin"], ["list", "read"], "user", sameRegion),
    allow(
      "system_admin",
      ["create", "update", "disable", "enable", "resetPassword"],
      "user",
      businessAccount,
    ),
    allow("security_admin", ["setRole", "setMfa", "unlock", "endSessions"], "user", notSelf),
  ],
  "read",
);
