/**
 * Sessions: a random 256-bit token in the cookie, its SHA-256 in the database (a leaked table
 * gives no way in). A new token at every login (no fixation); idle and absolute timeouts are
 * checked on every request (see middleware/authenticate.ts).
 */
import { createHash, randomBytes } from "node:crypto";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../store/index.js";
import type { AppEnv } from "../context.js";
import type { ServerSettings } from "../settings.js";

type Db = Kysely<Database> | Transaction<Database>;

/** Cookie name behind TLS: the `__Host-` prefix makes the browser insist on Secure, Path=/ and no Domain. */
export const SECURE_COOKIE = "__Host-sid";
/** Cookie name over plain HTTP in development (a `__Host-` cookie would be refused there). */
export const PLAIN_COOKIE = "sid";

/** SHA-256 of a session token, hex: the key of its row. */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates a session row and returns the token for the cookie. */
export async function createSession(
  db: Db,
  input: { regionId: string; userId: string; ip: string; userAgent: string | null; at: Date },
): Promise<{ token: string; idHash: string }> {
  const token = randomBytes(32).toString("base64url");
  const idHash = tokenHash(token);
  await db
    .insertInto("sessions")
    .values({
      id_hash: idHash,
      region_id: input.regionId,
      user_id: input.userId,
      created_at: input.at,
      last_seen_at: input.at,
      ip: input.ip,
      user_agent: input.userAgent ? input.userAgent.slice(0, 300) : null,
    })
    .execute();
  return { token, idHash };
}

/** Ends every session of a user, except optionally one; returns how many ended. */
export async function endUserSessions(
  db: Db,
  regionId: string,
  userId: string,
  except?: string,
): Promise<number> {
  let query = db.deleteFrom("sessions").where("region_id", "=", regionId).where("user_id", "=", userId);
  if (except) query = query.where("id_hash", "<>", except);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** True when the request came over TLS (directly, or via a trusted proxy's X-Forwarded-Proto). */
export function isTls(c: Context<AppEnv>, settings: ServerSettings): boolean {
  if (new URL(c.req.url).protocol === "https:") return true;
  return settings.trustProxy && c.req.header("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

function secureMode(c: Context<AppEnv>, settings: ServerSettings): boolean {
  if (settings.profile === "production") return true;
  if (settings.secureCookies === "auto") return isTls(c, settings);
  return settings.secureCookies;
}

/** The session token the request carries, if any. */
export function readSessionCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, SECURE_COOKIE) ?? getCookie(c, PLAIN_COOKIE);
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Path=/, and `__Host-` + Secure behind TLS. */
export function writeSessionCookie(c: Context<AppEnv>, settings: ServerSettings, token: string): void {
  if (secureMode(c, settings)) {
    setCookie(c, SECURE_COOKIE, token, { path: "/", secure: true, httpOnly: true, sameSite: "Lax" });
  } else {
    setCookie(c, PLAIN_COOKIE, token, { path: "/", httpOnly: true, sameSite: "Lax" });
  }
}

/** Clears both cookie names. */
export function clearSessionCookie(c: Context<AppEnv>, settings: ServerSettings): void {
  if (getCookie(c, SECURE_COOKIE) !== undefined || secureMode(c, settings)) {
    deleteCookie(c, SECURE_COOKIE, { path: "/", secure: true });
  }
  if (getCookie(c, PLAIN_COOKIE) !== undefined) deleteCookie(c, PLAIN_COOKIE, { path: "/" });
}
