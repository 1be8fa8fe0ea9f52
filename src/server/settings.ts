import type { UserRole } from "../store/index.js";
import { compileAllowlist } from "./auth/ip-allowlist.js";

/** Every security number of the server in one place; defaults follow 等保 2.0 / ASVS L2 (docs/security.md). */
export interface ServerSettings {
  /** `production` refuses login over plain HTTP (TLS_REQUIRED) and always uses `__Host-sid`. */
  profile: "development" | "production";
  /** Cookie mode: `auto` uses `__Host-sid; Secure` when the request came over TLS, else `sid`. */
  secureCookies: "auto" | boolean;
  /** Demo mode (`luoshi demo`): the demo accounts, whose passwords are published, may log in. */
  demo: boolean;
  /** Trust `X-Forwarded-For` / `X-Forwarded-Proto` from a reverse proxy in front of the server. */
  trustProxy: boolean;
  /**
   * Addresses (or CIDR ranges) the system, security and audit administrators may work from; empty:
   * anywhere. Set it in production (等保 接入限制): a stolen administrator password is then useless
   * outside the management network.
   */
  adminAllowedIps: string[];
  /** Origins allowed to make state-changing requests besides the server's own. */
  allowedOrigins: string[];
  password: {
    minLength: number;
    maxLength: number;
    /** Of lower case, upper case, digits, other characters. */
    minClasses: number;
    /** 0 turns expiry off (the default; ASVS 6.2.10 advises against periodic change). */
    maxAgeDays: number;
  };
  lockout: { threshold: number; windowMinutes: number; durationMinutes: number };
  session: {
    idleMinutes: number;
    absoluteHours: number;
    /** A session's last-seen time is written at most this often, to spare the database. */
    touchSeconds: number;
  };
  /** Roles that must use TOTP unless a security admin decides otherwise for one user. */
  mfaRequiredRoles: UserRole[];
  rateLimit: {
    /** Requests per minute per IP on /api/auth/*. */
    authPerMinute: number;
    /** Failed logins from one IP in the lockout window that raise a `security.alert` audit row. */
    alertFailuresPerIp: number;
  };
  limits: {
    /** Largest JSON request body. */
    jsonBytes: number;
    /** Largest uploaded document (the multipart body may be 64 KiB larger). */
    uploadBytes: number;
  };
  parse: {
    timeoutMs: number;
    /** V8 old-generation cap of a parse worker. */
    maxOldGenerationMb: number;
    /** Workers running at once; more uploads wait, and beyond `queue` waiting ones get 503. */
    concurrency: number;
    queue: number;
  };
  audit: { retentionDays: number };
  /** argon2id cost; the defaults are OWASP's minimum (19 MiB, 2 passes). Tests lower them. */
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
  /**
   * The SMTP server that e-mail reminders leave through (docs/operations.md); `url` null: reminders
   * are in-app only and each logs its e-mail as skipped.
   */
  smtp: {
    /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`; carries a secret, never logged. */
    url: string | null;
    /** The From address, e.g. `督查室 <duchashi@example.gov.cn>`. */
    from: string | null;
    /** Connection, greeting and socket timeout of each attempt, so a dead server fails fast. */
    timeoutMs: number;
  };
}

/** The defaults; every number is documented in docs/security.md. */
export const DEFAULT_SETTINGS: ServerSettings = {
  profile: "development",
  secureCookies: "auto",
  demo: false,
  trustProxy: false,
  adminAllowedIps: [],
  allowedOrigins: [],
  password: { minLength: 8, maxLength: 128, minClasses: 3, maxAgeDays: 0 },
  lockout: { threshold: 5, windowMinutes: 15, durationMinutes: 30 },
  session: { idleMinutes: 30, absoluteHours: 12, touchSeconds: 60 },
  mfaRequiredRoles: ["system_admin", "security_admin", "audit_admin"],
  rateLimit: { authPerMinute: 100, alertFailuresPerIp: 20 },
  limits: { jsonBytes: 1024 * 1024, uploadBytes: 50 * 1024 * 1024 },
  parse: { timeoutMs: 30_000, maxOldGenerationMb: 512, concurrency: 2, queue: 8 },
  audit: { retentionDays: 180 },
  argon2: { memoryCost: 19_456, timeCost: 2, parallelism: 1 },
  smtp: { url: null, from: null, timeoutMs: 10_000 },
};

/** A partial override of the settings, one level deep. */
export type SettingsOverride = {
  [K in keyof ServerSettings]?: ServerSettings[K] extends unknown[]
    ? ServerSettings[K]
    : ServerSettings[K] extends object
      ? Partial<ServerSettings[K]>
      : ServerSettings[K];
};

/** The minimum the law allows for keeping audit rows (网络安全法 §21(3): six months). */
export const MIN_AUDIT_RETENTION_DAYS = 180;

function num(env: Record<string, string | undefined>, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`环境变量 ${name} 必须是非负数`);
  return value;
}

// A typo in the SMTP URL should stop the start, not surface weeks later as failed reminders.
function checkSmtp(smtp: ServerSettings["smtp"]): void {
  if (smtp.url === null) return;
  let url: URL;
  try {
    url = new URL(smtp.url);
  } catch {
    throw new Error("环境变量 LUOSHI_SMTP_URL 不是有效的地址（例如 smtp://用户:密码@主机:587）");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:")
    throw new Error("环境变量 LUOSHI_SMTP_URL 须以 smtp:// 或 smtps:// 开头");
  if (!smtp.from) throw new Error("配置了 LUOSHI_SMTP_URL 时须同时设置发件人 LUOSHI_SMTP_FROM");
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Settings from the environment (`LUOSHI_ENV`, `LUOSHI_TRUST_PROXY`, `LUOSHI_ALLOWED_ORIGINS`,
 * `LUOSHI_PASSWORD_MAX_AGE_DAYS`, `LUOSHI_SESSION_IDLE_MINUTES`, … see docs/security.md;
 * `LUOSHI_SMTP_URL`, `LUOSHI_SMTP_FROM`, `LUOSHI_SMTP_TIMEOUT_MS`, see docs/operations.md), then
 * `override`, over the defaults. Refuses an audit retention below 180 days.
 *
 * @example
 * const settings = resolveSettings({ lockout: { threshold: 3 } }, {});
 */
export function resolveSettings(
  override: SettingsOverride = {},
  env: Record<string, string | undefined> = process.env,
): ServerSettings {
  const d = DEFAULT_SETTINGS;
  const fromEnv: SettingsOverride = {
    ...(env.LUOSHI_ENV === "production" ? { profile: "production" as const } : {}),
    ...(env.LUOSHI_TRUST_PROXY ? { trustProxy: env.LUOSHI_TRUST_PROXY === "1" } : {}),
    ...(env.LUOSHI_ADMIN_ALLOWED_IPS
      ? { adminAllowedIps: env.LUOSHI_ADMIN_ALLOWED_IPS.split(",").map((s) => s.trim()) }
      : {}),
    ...(env.LUOSHI_ALLOWED_ORIGINS
      ? { allowedOrigins: env.LUOSHI_ALLOWED_ORIGINS.split(",").map((s) => s.trim()) }
      : {}),
    password: defined({ maxAgeDays: num(env, "LUOSHI_PASSWORD_MAX_AGE_DAYS") }),
    lockout: defined({
      threshold: num(env, "LUOSHI_LOCKOUT_THRESHOLD"),
      windowMinutes: num(env, "LUOSHI_LOCKOUT_WINDOW_MINUTES"),
      durationMinutes: num(env, "LUOSHI_LOCKOUT_MINUTES"),
    }),
    session: defined({
      idleMinutes: num(env, "LUOSHI_SESSION_IDLE_MINUTES"),
      absoluteHours: num(env, "LUOSHI_SESSION_ABSOLUTE_HOURS"),
    }),
    rateLimit: defined({ authPerMinute: num(env, "LUOSHI_AUTH_RATE_PER_MINUTE") }),
    limits: defined({ uploadBytes: num(env, "LUOSHI_MAX_UPLOAD_BYTES") }),
    parse: defined({ timeoutMs: num(env, "LUOSHI_PARSE_TIMEOUT_MS") }),
    audit: defined({ retentionDays: num(env, "LUOSHI_AUDIT_RETENTION_DAYS") }),
    smtp: defined({
      url: env.LUOSHI_SMTP_URL || undefined,
      from: env.LUOSHI_SMTP_FROM || undefined,
      timeoutMs: num(env, "LUOSHI_SMTP_TIMEOUT_MS"),
    }),
    ...(env.LUOSHI_MFA_ROLES !== undefined
      ? { mfaRequiredRoles: env.LUOSHI_MFA_ROLES.split(",").filter(Boolean) as UserRole[] }
      : {}),
  };
  const merged: ServerSettings = {
    profile: override.profile ?? fromEnv.profile ?? d.profile,
    secureCookies: override.secureCookies ?? d.secureCookies,
    demo: override.demo ?? d.demo,
    trustProxy: override.trustProxy ?? fromEnv.trustProxy ?? d.trustProxy,
    adminAllowedIps: override.adminAllowedIps ?? fromEnv.adminAllowedIps ?? d.adminAllowedIps,
    allowedOrigins: override.allowedOrigins ?? fromEnv.allowedOrigins ?? d.allowedOrigins,
    password: { ...d.password, ...fromEnv.password, ...override.password },
    lockout: { ...d.lockout, ...fromEnv.lockout, ...override.lockout },
    session: { ...d.session, ...fromEnv.session, ...override.session },
    mfaRequiredRoles: override.mfaRequiredRoles ?? fromEnv.mfaRequiredRoles ?? d.mfaRequiredRoles,
    rateLimit: { ...d.rateLimit, ...fromEnv.rateLimit, ...override.rateLimit },
    limits: { ...d.limits, ...fromEnv.limits, ...override.limits },
    parse: { ...d.parse, ...fromEnv.parse, ...override.parse },
    audit: { ...d.audit, ...fromEnv.audit, ...override.audit },
    argon2: { ...d.argon2, ...override.argon2 },
    smtp: { ...d.smtp, ...fromEnv.smtp, ...override.smtp },
  };
  checkSmtp(merged.smtp);
  compileAllowlist(merged.adminAllowedIps); // refuses a malformed entry at start
  if (merged.audit.retentionDays < MIN_AUDIT_RETENTION_DAYS) {
    throw new Error(`审计日志保存期不得少于 ${MIN_AUDIT_RETENTION_DAYS} 天`);
  }
  return merged;
}
