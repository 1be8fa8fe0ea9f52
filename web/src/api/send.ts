/**
 * Plain JSON requests for the routes the typed client cannot address: routes declared through a
 * helper that widens their path to `string` (the user actions, the reporting cycle's
 * `/api/reports/{id}/…` and `/api/periods/{id}/…`) hide every sibling `/{id}/…` route from hc's
 * types. The bodies are still typed from the server's schemas.
 */
import type { z } from "@hono/zod-openapi";
import type {
  EndSessionsResponse,
  UserResponse,
  UserWithPasswordResponse,
} from "../../../src/server/schemas/users.js";
import { ApiFailure, failureOf } from "./client.js";

/** `{data: user, policies}`. */
export type UserAnswer = z.infer<typeof UserResponse>;
/** `{data: user, oneTimePassword, policies}`. */
export type UserPasswordAnswer = z.infer<typeof UserWithPasswordResponse>;
/** `{data: {ended}}`. */
export type EndSessionsAnswer = z.infer<typeof EndSessionsResponse>;

/** Sends `json` (if any) with `method` to `path` and returns the success body. */
export async function send<T>(
  method: "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  json?: unknown,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: "same-origin",
      ...(json === undefined
        ? {}
        : { headers: { "content-type": "application/json" }, body: JSON.stringify(json) }),
    });
  } catch {
    throw new ApiFailure(0, "NETWORK", "无法连接服务器，请检查网络后重试");
  }
  if (res.ok) return (await res.json()) as T;
  throw await failureOf(res);
}

/** GETs `path` and returns the success body. */
export async function get<T>(path: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: "same-origin" });
  } catch {
    throw new ApiFailure(0, "NETWORK", "无法连接服务器，请检查网络后重试");
  }
  if (res.ok) return (await res.json()) as T;
  throw await failureOf(res);
}

/** The path of a user action. */
export function userPath(id: string, action = ""): string {
  return `/api/users/${encodeURIComponent(id)}${action ? `/${action}` : ""}`;
}
