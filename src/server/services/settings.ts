/** The settings page behind the API: the region's supervision settings and the safe server facts. */
import type { ServerSettings } from "../settings.js";
import type { RegionSettings } from "../../track/settings.js";

/** Settings as the API returns them. */
export function presentSettings(s: RegionSettings) {
  return {
    yellowDays: s.yellowDays,
    reminderOffsets: s.reminderOffsets,
    updatedAt: s.updatedAt?.toISOString() ?? null,
    updatedBy: s.updatedBy,
  };
}

/**
 * What the system administrator may see of the server's configuration: limits and whether SMTP is
 * configured. Deliberately a whitelist: the SMTP URL carries a password, and keys never leave.
 */
export function serverFacts(settings: ServerSettings) {
  return {
    uploadBytes: settings.limits.uploadBytes,
    sessionIdleMinutes: settings.session.idleMinutes,
    sessionAbsoluteHours: settings.session.absoluteHours,
    smtpConfigured: settings.smtp.url !== null,
  };
}
