/** The signed-in user, shared by every page through TanStack Query under the key ["me"]. */
import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import type { InferResponseType } from "hono/client";
import type { Client } from "../../../src/server/client.js";
import { api, isSignedOut, ok } from "../api/client.js";

/** `GET /api/auth/me`: the user and what the role may do. */
export type Me = InferResponseType<Client["api"]["auth"]["me"]["$get"], 200>;

/** The query key of the session. */
export const ME_KEY = ["me"] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    return await ok(api.api.auth.me.$get());
  } catch (error) {
    if (isSignedOut(error)) return null;
    throw error;
  }
}

/** The session query: `data` is null when nobody is signed in. */
export const sessionQuery = () =>
  queryOptions({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, retry: false });

/** The session: `data` is null when nobody is signed in. */
export function useSession() {
  return useQuery(sessionQuery());
}

/** The signed-in user; only for pages rendered inside a session. */
export function useMe(): Me {
  const client = useQueryClient();
  const me = client.getQueryData<Me | null>(ME_KEY);
  if (!me) throw new Error("useMe outside a session");
  return me;
}

/** Ends the session on the server and forgets everything cached for it. */
export async function signOut(client: ReturnType<typeof useQueryClient>): Promise<void> {
  try {
    await ok(api.api.auth.logout.$post());
  } finally {
    client.clear();
    client.setQueryData(ME_KEY, null);
  }
}
