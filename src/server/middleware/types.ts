import type { ServerSettings } from "../settings.js";

export type { AppEnv } from "../context.js";

/** Middleware that needs only the settings takes this slice of the app's dependencies. */
export interface ServerSettingsHolder {
  settings: ServerSettings;
}
