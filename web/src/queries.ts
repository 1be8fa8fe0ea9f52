/**
 * The queries of the pages a user most often lands on (任务台账, 政策文件, 责任矩阵), shared by the
 * pages and by `prefetchFirstPage`: the data of the page in the address bar is requested while
 * the session (`/api/auth/me`) and the page's chunk load, not after the layout has rendered.
 * Measured on 10,000 tasks, the layout's first render sat for ≈ 400 ms between the session's
 * answer and the first data request (docs/web.md, "Initial load time").
 */
import { infiniteQueryOptions, queryOptions, type QueryClient } from "@tanstack/react-query";
import { api, ok } from "./api/client.js";
import { resolvePage } from "./routes.js";

/** Long enough that the page does not fetch again what the prefetch just brought. */
const FRESH_MS = 30_000;

/** The tasks table asks for a small first page so the first rows show fast; the rest stream in. */
export const FIRST_TASK_BATCH = 100;
/** The API's maximum page. */
export const TASK_BATCH = 500;

/** Filters of the tasks table (from the URL). */
export interface TaskFilters {
  documentId: string | undefined;
  unitId: string | undefined;
  role: "lead" | "co" | undefined;
  status: "active" | "retired";
}

/** The tasks table's filters as the URL gives them. */
export function taskFiltersOf(query: URLSearchParams): TaskFilters {
  return {
    documentId: query.get("documentId") ?? undefined,
    unitId: query.get("unitId") ?? undefined,
    role: (query.get("role") ?? undefined) as "lead" | "co" | undefined,
    status: (query.get("status") ?? "active") as "active" | "retired",
  };
}

/** The tasks of the tasks table, page by page. */
export function tasksQuery(filters: TaskFilters) {
  return infiniteQueryOptions({
    queryKey: ["tasks", filters],
    initialPageParam: 0,
    staleTime: FRESH_MS,
    queryFn: ({ pageParam }) =>
      ok(
        api.api.tasks.$get({
          query: {
            limit: String(pageParam === 0 ? FIRST_TASK_BATCH : TASK_BATCH),
            offset: String(pageParam),
            status: filters.status,
            ...(filters.documentId ? { documentId: filters.documentId } : {}),
            ...(filters.unitId ? { unitId: filters.unitId } : {}),
            ...(filters.role ? { role: filters.role } : {}),
          },
        }),
      ),
    getNextPageParam: (last) => {
      const next = last.page.offset + last.page.limit;
      return next < last.page.total ? next : undefined;
    },
  });
}

/** Rows of the documents list. */
export const DOCUMENT_PAGE_SIZE = 20;

/** One page of the documents list. */
export function documentPageQuery(year: string, page: number) {
  return queryOptions({
    queryKey: ["documents", { year, page }],
    staleTime: FRESH_MS,
    queryFn: () =>
      ok(
        api.api.documents.$get({
          query: {
            limit: String(DOCUMENT_PAGE_SIZE),
            offset: String((page - 1) * DOCUMENT_PAGE_SIZE),
            ...(year ? { year } : {}),
          },
        }),
      ),
  });
}

/** Every document (up to 500), for filters and pickers. */
export function documentOptionsQuery() {
  return queryOptions({
    queryKey: ["documents", "options"],
    staleTime: FRESH_MS,
    queryFn: () => ok(api.api.documents.$get({ query: { limit: "500" } })),
  });
}

/** The units with their task counts. */
export function unitsQuery() {
  return queryOptions({ queryKey: ["units"], staleTime: FRESH_MS, queryFn: () => ok(api.api.units.$get()) });
}

/** Every task of one document (the responsibility matrix). */
export function documentTasksQuery(documentId: string | undefined) {
  return queryOptions({
    queryKey: ["tasks", { documentId, all: true }],
    enabled: documentId !== undefined,
    staleTime: FRESH_MS,
    queryFn: async () => {
      const all = [];
      for (let offset = 0; ; offset += TASK_BATCH) {
        const page = await ok(
          api.api.tasks.$get({
            query: { documentId: documentId!, limit: String(TASK_BATCH), offset: String(offset) },
          }),
        );
        all.push(...page.data);
        if (offset + TASK_BATCH >= page.page.total) return all;
      }
    },
  });
}

/** The document the matrix shows when the URL names none: the first with tasks. */
export function defaultMatrixDocument(
  documents: { data: readonly { id: string; tasks: number }[] } | undefined,
): string | undefined {
  return documents?.data.find((d) => d.tasks > 0)?.id;
}

/**
 * Starts the data requests of the page at `location` (called once, before the first render).
 * A visitor who is not signed in gets 401s, which the session query turns into the sign-in page.
 */
export function prefetchFirstPage(client: QueryClient, location: Location): void {
  const page = resolvePage(location.pathname)?.page;
  const query = new URLSearchParams(location.search);
  const quiet = (p: Promise<unknown>) => void p.catch(() => undefined);
  if (page === "tasks") quiet(client.prefetchInfiniteQuery(tasksQuery(taskFiltersOf(query))));
  else if (page === "documents" && !query.get("q"))
    quiet(
      client.prefetchQuery(documentPageQuery(query.get("year") ?? "", Number(query.get("page") ?? "1") || 1)),
    );
  else if (page === "matrix") {
    // The workload chart's units wait for the page: the first rows need the document's tasks only.
    const named = query.get("documentId");
    quiet(
      (named
        ? Promise.resolve(named)
        : client.fetchQuery(documentOptionsQuery()).then(defaultMatrixDocument)
      ).then((id) => (id ? client.prefetchQuery(documentTasksQuery(id)) : undefined)),
    );
  }
}
