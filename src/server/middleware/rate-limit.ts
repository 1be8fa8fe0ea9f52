import { createMiddleware } from "hono/factory";
import type { Clock } from "../clock.js";
import { ApiError } from "../errors.js";
import type { AppEnv } from "./types.js";

/**
 * A fixed one-minute window per key, in memory: enough for one server process (ASVS 6.1.1 / 6.3.1,
 * A1). Memory is bounded: past windows are dropped, and at `maxKeys` the oldest keys go first.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly perMinute: () => number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts a hit; returns the seconds to wait when over the limit, else 0. */
  hit(key: string): number {
    const now = this.clock.now().getTime();
    const windowMs = 60_000;
    let entry = this.windows.get(key);
    if (!entry || now - entry.start >= windowMs) {
      this.windows.delete(key);
      entry = { start: now, count: 0 };
      if (this.windows.size >= this.maxKeys) {
        const oldest = this.windows.keys().next().value;
        if (oldest !== undefined) this.windows.delete(oldest);
      }
      this.windows.set(key, entry);
    }
    entry.count++;
    if (entry.count <= this.perMinute()) return 0;
    return Math.max(1, Math.ceil((entry.start + windowMs - now) / 1000));
  }
}

/** 429 RATE_LIMITED with `Retry-After` once an IP passes the limit. */
export function rateLimit(limiter: RateLimiter) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const wait = limiter.hit(c.var.ip);
    if (wait > 0) throw new ApiError(429, "RATE_LIMITED", undefined, { retryAfter: wait });
    await next();
  });
}
