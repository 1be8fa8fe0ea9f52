/**
 * The typed client the web app uses: routes, parameters and response bodies come from the server's
 * own route definitions, so a renamed field fails the web build rather than a user.
 *
 * @example
 * const api = createClient("/", { init: { credentials: "same-origin" } });
 * const res = await api.api.tasks.$get({ query: { limit: "20" } });
 * if (res.ok) for (const task of (await res.json()).data) console.log(task.text);
 */
import { hc, type ClientRequestOptions } from "hono/client";
import type { AppType } from "./app.js";

/** The client type. */
export type Client = ReturnType<typeof hc<AppType>>;

/** A client for the API at `baseUrl`. JSON requests carry `Content-Type: application/json`, as the CSRF check requires. */
export function createClient(baseUrl: string, options?: ClientRequestOptions): Client {
  return hc<AppType>(baseUrl, options);
}

export type { AppType };
