/**
 * The typed API client (hc<AppType> from the server's own routes) and the one way pages read its
 * answers: `ok(...)` returns the success body or throws an `ApiFailure` carrying the server's
 * stable code and its Chinese message.
 */
import type { ClientResponse } from "hono/client";
import { createClient } from "../../../src/server/client.js";

/** The client for the server this page came from. */
export const api = createClient(window.location.origin);

/** A refused or failed request, with what the user should read. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | null = null,
    readonly details: readonly string[] = [],
    /** The object as stored, sent with a 409 conflict so the user can redo the edit on it. */
    readonly current: unknown = undefined,
  ) {
    super(message);
    this.name = "ApiFailure";
  }
}

type AnyResponse = ClientResponse<unknown, number, "json" | "text" | "redirect">;
type SuccessStatus = 200 | 201;
/** The body of the 2xx answers of a typed response. */
export type OkBody<R> =
  R extends ClientResponse<infer T, infer S, "json"> ? (S extends SuccessStatus ? T : never) : never;

/** Waits for a typed request and returns its success body; any other answer becomes an `ApiFailure`. */
export async function ok<R extends AnyResponse>(request: Promise<R>): Promise<OkBody<R>> {
  let res: R;
  try {
    res = await request;
  } catch {
    throw new ApiFailure(0, "NETWORK", "无法连接服务器，请检查网络后重试");
  }
  if (res.ok) return (await res.json()) as OkBody<R>;
  throw await failureOf(res);
}

/** Reads the server's error shape `{error: {code, message, details}}` from a failed response. */
export async function failureOf(res: {
  status: number;
  headers: Headers;
  json(): Promise<unknown>;
}): Promise<ApiFailure> {
  const retry = Number(res.headers.get("retry-after"));
  const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null;
  try {
    const body = (await res.json()) as {
      error?: { code?: string; message?: string; details?: string[]; current?: unknown };
    };
    if (body.error?.code) {
      return new ApiFailure(
        res.status,
        body.error.code,
        body.error.message ?? "请求失败",
        retryAfter,
        body.error.details ?? [],
        body.error.current,
      );
    }
  } catch {
    // Not our JSON (a proxy's error page): fall through to a generic message.
  }
  return new ApiFailure(res.status, "HTTP_" + res.status, `请求失败（${res.status}）`, retryAfter);
}

/** What to show for any error a query or mutation threw. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiFailure) {
    const unsaid = error.details.filter((d) => !error.message.includes(d));
    return unsaid.length > 0 ? `${error.message}：${unsaid.join("；")}` : error.message;
  }
  return "发生意外错误，请刷新页面后重试";
}

/** Whether an error means the session is gone and the user must sign in again. */
export function isSignedOut(error: unknown): boolean {
  return (
    error instanceof ApiFailure && (error.code === "UNAUTHENTICATED" || error.code === "SESSION_EXPIRED")
  );
}
