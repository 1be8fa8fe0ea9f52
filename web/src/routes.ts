/** The app's paths and how a location matches them. Pure: no DOM, so tests run it in Node. */

/** Every page of the app. */
export const PATHS = {
  dashboard: "/dashboard",
  documents: "/documents",
  document: "/documents/:id",
  tasks: "/tasks",
  matrix: "/matrix",
  reporting: "/reporting",
  reminders: "/reminders",
  periods: "/periods",
  indicators: "/indicators",
  evaluation: "/evaluation",
  users: "/admin/users",
  units: "/admin/units",
  regions: "/admin/regions",
  settings: "/settings",
  audit: "/audit",
  account: "/account",
} as const;

/** A page key. */
export type PageKey = keyof typeof PATHS;

/**
 * Matches `path` against a pattern with `:name` segments; returns the decoded parameters or null.
 *
 * @example
 * matchPath("/documents/:id", "/documents/a1") // → {id: "a1"}
 */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const have = path.split("/").filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const h = have[i]!;
    if (w.startsWith(":")) {
      try {
        params[w.slice(1)] = decodeURIComponent(h);
      } catch {
        return null;
      }
    } else if (w !== h) return null;
  }
  return params;
}

/** The page a path shows, with its parameters, or null for an unknown path. */
export function resolvePage(path: string): { page: PageKey; params: Record<string, string> } | null {
  for (const [page, pattern] of Object.entries(PATHS) as [PageKey, string][]) {
    const params = matchPath(pattern, path);
    if (params) return { page, params };
  }
  return null;
}

/** The path of a document page. */
export function documentPath(id: string): string {
  return `/documents/${encodeURIComponent(id)}`;
}
