import { allow, Policy, ROLES } from "./policy.js";

/** The signed-in user's own account. */
export interface AccountSubject {
  userId: string;
}

/** What a user may do to their own account. */
export type AccountAction = "read" | "update" | "changePassword" | "enrolTotp";

/** Everyone manages their own password, TOTP and display name. */
export const accountPolicy = new Policy<AccountAction, AccountSubject>(
  "account",
  ["read", "update", "changePassword", "enrolTotp"],
  [
    allow(
      ROLES,
      ["read", "update", "changePassword", "enrolTotp"],
      "account",
      (actor, a) => a.userId === actor.userId,
    ),
  ],
);
