/**
 * The HTTP API: Hono + Zod OpenAPI. Every route runs one pipeline — authenticate → validate →
 * authorize → service → present — behind the same cross-cutting middleware: request id and client
 * IP, security headers, CSRF, body limits, and one error shape `{error: {code, message, requestId}}`.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppDeps } from "./context.js";
import { ApiError, type ApiErrorCode } from "./errors.js";
import { csrfGuard } from "./middleware/csrf.js";
import { securityHeaders } from "./middleware/headers.js";
import { RateLimiter } from "./middleware/rate-limit.js";
import { requestInfo } from "./middleware/request.js";
import { auditRoutes } from "./routes/audit.js";
import { authRoutes } from "./routes/auth.js";
import { documentRoutes } from "./routes/documents.js";
import { regionRoutes } from "./routes/regions.js";
import { router } from "./routes/router.js";
import { searchRoutes } from "./routes/search.js";
import { taskRoutes } from "./routes/tasks.js";
import { unitRoutes } from "./routes/units.js";
import { userRoutes } from "./routes/users.js";
import { calendarRoutes } from "./routes/calendar.js";
import { checklistRoutes, selfEvaluationRoutes } from "./routes/evaluations.js";
import { evidenceRoutes } from "./routes/evidence.js";
import { indicatorValueRoutes } from "./routes/indicator-values.js";
import { documentLedgerRoutes, periodLedgerRoutes } from "./routes/ledgers.js";
import { periodRoutes } from "./routes/periods.js";
import { reminderRoutes } from "./routes/reminders.js";
import { reportRoutes } from "./routes/reports.js";
import { settingsRoutes } from "./routes/settings.js";
import { json } from "./schemas/common.js";
import { IpFailures } from "./services/auth.js";
import { resolveWebRoot, staticWeb } from "./static.js";
import { ephemeralSecretBox } from "./auth/secret-box.js";

/** Version of the API in the OpenAPI document. */
export const API_VERSION = "0.1.0";

const UPLOAD_PATH = "/api/documents";

/**
 * Routes that take files as multipart: report and self-evaluation evidence and a filled-in 工作台账
 * (docs/tracking.md).
 */
const FILE_ROUTES =
  /^\/api\/((reports|checklist)\/[0-9a-f-]{36}\/evidence|periods\/[0-9a-f-]{36}\/ledger)\/?$/;

function takesFiles(path: string): boolean {
  return path === UPLOAD_PATH || path === `${UPLOAD_PATH}/` || FILE_ROUTES.test(path);
}

function isUpload(method: string, path: string): boolean {
  return method === "POST" && takesFiles(path);
}

function codeForStatus(status: number): ApiErrorCode {
  switch (status) {
    case 400:
      return "VALIDATION_FAILED";
    case 401:
      return "UNAUTHENTICATED";
    case 403:
      return "FORBIDDEN";
    case 404:
      return "NOT_FOUND";
    case 413:
      return "PAYLOAD_TOO_LARGE";
    case 415:
      return "UNSUPPORTED_MEDIA_TYPE";
    case 429:
      return "RATE_LIMITED";
    default:
      return "INTERNAL";
  }
}

const HealthResponse = z.object({ status: z.literal("ok"), uptimeSeconds: z.number() });

/**
 * Builds the app over a store. Tests call `app.request(...)` on it; `luoshi serve` hands
 * `app.fetch` to @hono/node-server.
 *
 * @example
 * const app = createApp({ db: store.db, settings: resolveSettings(), clock: systemClock, parser, log: stderrLogger });
 * const res = await app.request("/health");
 */
export function createApp(given: AppDeps) {
  const deps: AppDeps = { ...given, secrets: given.secrets ?? ephemeralSecretBox() };
  // Validation messages in Chinese, for the people who read them.
  z.config(z.locales.zhCN());
  const started = Date.now();
  const app = router();

  app.use("*", requestInfo(deps));
  app.use("*", securityHeaders(deps));
  // The web app's files and index.html for every non-API GET (see static.ts).
  app.use("*", staticWeb(resolveWebRoot()));
  app.use("/api/*", csrfGuard(deps, takesFiles));
  const jsonLimit = bodyLimit({
    maxSize: deps.settings.limits.jsonBytes,
    onError: () => {
      throw new ApiError(413, "PAYLOAD_TOO_LARGE");
    },
  });
  // The upload route has its own, larger limit, applied after authentication.
  app.use("/api/*", async (c, next) => (isUpload(c.req.method, c.req.path) ? next() : jsonLimit(c, next)));

  app.onError((error, c) => {
    const requestId = c.get("requestId") ?? "";
    let apiError: ApiError;
    if (error instanceof ApiError) apiError = error;
    else if (error instanceof HTTPException && error.status < 500) {
      apiError = new ApiError(error.status as ApiError["status"], codeForStatus(error.status));
    } else {
      // The stack goes to the log, never to the client.
      deps.log.error("unhandled error", {
        requestId,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      apiError = new ApiError(500, "INTERNAL");
    }
    if (apiError.retryAfter !== undefined) c.header("Retry-After", String(apiError.retryAfter));
    const body = {
      error: {
        code: apiError.code,
        message: apiError.message,
        requestId,
        ...(apiError.details ? { details: apiError.details } : {}),
        ...(apiError.current !== undefined ? { current: apiError.current } : {}),
      },
    };
    return c.json(body, apiError.status as ContentfulStatusCode);
  });
  app.notFound((c) =>
    c.json({ error: { code: "NOT_FOUND", message: "未找到", requestId: c.get("requestId") ?? "" } }, 404),
  );

  app.openAPIRegistry.registerComponent("securitySchemes", "cookieAuth", {
    type: "apiKey",
    in: "cookie",
    name: "__Host-sid",
    description: "会话 Cookie（开发环境非 TLS 时名为 sid）",
  });
  app.doc("/api/openapi.json", {
    openapi: "3.0.3",
    info: {
      title: "落实 Luoshi API",
      version: API_VERSION,
      description: "政策文件落实台账 API。见 docs/api.md。",
    },
  });

  const healthRoute = createRoute({
    method: "get",
    path: "/health",
    tags: ["system"],
    summary: "存活检查（不访问数据库，解析任务运行时也应答）",
    responses: { 200: json(HealthResponse, "服务在运行") },
  });

  const state = {
    ipFailures: new IpFailures(),
    limiter: new RateLimiter(deps.clock, () => deps.settings.rateLimit.authPerMinute),
  };
  return app
    .openapi(healthRoute, (c) =>
      c.json({ status: "ok" as const, uptimeSeconds: Math.round((Date.now() - started) / 1000) }, 200),
    )
    .route("/api/auth", authRoutes(deps, state))
    .route("/api/documents", documentRoutes(deps))
    .route("/api/tasks", taskRoutes(deps))
    .route("/api/units", unitRoutes(deps))
    .route("/api/search", searchRoutes(deps))
    .route("/api/users", userRoutes(deps))
    .route("/api/audit", auditRoutes(deps))
    .route("/api/regions", regionRoutes(deps))
    .route("/api/documents", calendarRoutes(deps))
    .route("/api/periods", periodRoutes(deps))
    .route("/api/documents", documentLedgerRoutes(deps))
    .route("/api/periods", periodLedgerRoutes(deps))
    .route("/api/reports", reportRoutes(deps))
    .route("/api/evidence", evidenceRoutes(deps))
    .route("/api/reminders", reminderRoutes(deps))
    .route("/api/indicators", indicatorValueRoutes(deps))
    .route("/api/checklist", checklistRoutes(deps))
    .route("/api/self-evaluations", selfEvaluationRoutes(deps))
    .route("/api/settings", settingsRoutes(deps));
}

/** The type of the app, for `hc<AppType>` (see client.ts). */
export type AppType = ReturnType<typeof createApp>;
