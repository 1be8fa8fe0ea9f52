import { randomUUID } from "node:crypto";
import { createMiddleware } from "hono/factory";
import type { AppEnv, ServerSettingsHolder } from "./types.js";

/**
 * Gives every request an id (echoed in `X-Request-Id`, written to its audit row and its error body)
 * and the client IP: the socket's address, or with a trusted proxy the last `X-Forwarded-For` hop,
 * which is the one the proxy itself appended.
 */
export function requestInfo(holder: ServerSettingsHolder) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const requestId = randomUUID();
    c.set("requestId", requestId);
    let ip = c.env?.incoming?.socket?.remoteAddress ?? "unknown";
    if (holder.settings.trustProxy) {
      const hops = c.req
        .header("x-forwarded-for")
        ?.split(",")
        .map((h) => h.trim())
        .filter(Boolean);
      if (hops && hops.length > 0) ip = hops[hops.length - 1]!;
    }
    // Only what an IPv4 or IPv6 address (with zone) can contain: the header is text from outside.
    c.set("ip", ip.replace(/[^0-9A-Za-z:._%-]/g, "").slice(0, 100) || "unknown");
    await next();
    c.header("X-Request-Id", requestId);
  });
}
