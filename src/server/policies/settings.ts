import { allow, Policy, sameRegion } from "./policy.js";

/** Settings as the policy sees them: the region they belong to. */
export interface SettingsSubject {
  regionId: string;
}

/** What can be done with the settings page. */
export type SettingsAction =
  | "read"
  | "update"
  /** The server's own limits (upload size, session timeouts, whether SMTP is set), never secrets. */
  | "readServer";

/**
 * Settings: the 督查室 edits its region's supervision settings (yellow threshold, reminder
 * schedule); leaders and the system administrator read them; only the system administrator sees
 * the server facts, which are the deployment's, not the business's.
 */
export const settingsPolicy = new Policy<SettingsAction, SettingsSubject>(
  "settings",
  ["read", "update", "readServer"],
  [
    allow("supervisor", ["read", "update"], "settings", sameRegion),
    allow("leader", ["read"], "settings", sameRegion),
    allow("system_admin", ["read", "readServer"], "settings", sameRegion),
  ],
  "read",
);
