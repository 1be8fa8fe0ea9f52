import { createMiddleware } from "hono/factory";
import { ApiError } from "../errors.js";
import type { AppEnv, ServerSettingsHolder } from "./types.js";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for every state-changing request, JSON included (Hono's `csrf()` looks only at form
 * content types):
 *
 * 1. A browser says where a request comes from. `Sec-Fetch-Site` other than `same-origin` or `none`
 *    (typed into the address bar), or an `Origin` that is not this server's or an allowed one → 403.
 * 2. The body must be `application/json` (or `multipart/form-data` where a route takes files). A
 *    cross-site page can send `text/plain`, urlencoded and multipart without a preflight, never JSON,
 *    so anything else → 415. A POST without a body needs no type.
 *
 * Clients that send neither header (curl, the CLI) pass step 1; they carry no ambient cookie anyway.
 */
export function csrfGuard(holder: ServerSettingsHolder, multipartPaths: (path: string) => boolean) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    const site = c.req.header("sec-fetch-site");
    if (site !== undefined && site !== "same-origin" && site !== "none")
      throw new ApiError(403, "CSRF_REJECTED");
    const origin = c.req.header("origin");
    if (origin !== undefined) {
      const own = new URL(c.req.url).origin;
      const forwarded = holder.settings.trustProxy
        ? forwardedOrigin(c.req.header("x-forwarded-proto"), c.req.header("host"))
        : null;
      if (origin !== own && origin !== forwarded && !holder.settings.allowedOrigins.includes(origin)) {
        throw new ApiError(403, "CSRF_REJECTED");
      }
    }
    const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (type === undefined) {
      const length = c.req.header("content-length");
      const hasBody =
        c.req.raw.body !== null &&
        (length === undefined ? c.req.header("transfer-encoding") !== undefined : length !== "0");
      if (hasBody) throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE");
      return next();
    }
    if (type === "application/json") return next();
    if (type === "multipart/form-data" && multipartPaths(c.req.path)) return next();
    throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE");
  });
}

function forwardedOrigin(proto: string | undefined, host: string | undefined): string | null {
  if (!proto || !host) return null;
  return `${proto.split(",")[0]!.trim()}://${host}`;
}
