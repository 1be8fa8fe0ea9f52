import { createMiddleware } from "hono/factory";
import { isTls } from "../auth/sessions.js";
import type { AppEnv, ServerSettingsHolder } from "./types.js";

/** The Content-Security-Policy of every response: no inline script, no plugins, no framing. */
export const CSP =
  "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/**
 * The policy of the web app's page (index.html): CSP plus `style-src 'self' 'nonce-…'`, because
 * antd's CSS-in-JS inserts <style> elements at run time. Only styles carrying this response's
 * nonce apply; 'unsafe-inline' stays off, and scripts are still 'self' only. See docs/web.md.
 */
export function pageCsp(nonce: string): string {
  return `${CSP}; style-src 'self' 'nonce-${nonce}'`;
}

/**
 * Security headers on every response; `Cache-Control: no-store` on the API so no proxy or browser
 * cache keeps ledger data or a session's answers; HSTS when the request came over TLS.
 */
export function securityHeaders(holder: ServerSettingsHolder) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    // A route may tighten the policy (downloads add `sandbox`); only the web app's page adds its
    // style nonce (pageCsp).
    if (!c.res.headers.has("Content-Security-Policy")) c.header("Content-Security-Policy", CSP);
    c.header("X-Content-Type-Options", "nosniff");
    c.header("X-Frame-Options", "DENY");
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cross-Origin-Opener-Policy", "same-origin");
    c.header("Cross-Origin-Resource-Policy", "same-origin");
    if (c.req.path.startsWith("/api/")) c.header("Cache-Control", "no-store");
    if (isTls(c, holder.settings))
      c.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  });
}
