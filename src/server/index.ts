/**
 * The HTTP server: the API (app.ts), its typed client (client.ts) and the process around it
 * (serve.ts). See docs/api.md and docs/security.md.
 */
export { createApp, API_VERSION, type AppType } from "./app.js";
export { createClient, type Client } from "./client.js";
export { FakeClock, isoWithOffset, systemClock, type Clock } from "./clock.js";
export { silentLogger, stderrLogger, type Actor, type AppDeps, type Logger } from "./context.js";
export { ApiError, type ApiErrorCode } from "./errors.js";
export { createWorkerParser, inlineParser, type ParseRunner } from "./parse-runner.js";
export {
  DEFAULT_SETTINGS,
  MIN_AUDIT_RETENTION_DAYS,
  resolveSettings,
  type ServerSettings,
  type SettingsOverride,
} from "./settings.js";
export { DEMO_PASSWORD, DEMO_REGION_ID, seedDemo, type DemoAccount, type DemoSeed } from "./demo.js";
export { startServer, type RunningServer, type StartOptions } from "./serve.js";
export { bootstrapAdmins, type BootstrapAccount } from "./services/accounts.js";
export { purgeAudit, type PurgeResult } from "./services/audit.js";
export { verifyAudit, type AuditVerification, type AuditRow } from "./audit/log.js";
