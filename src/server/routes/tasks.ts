/** `/api/tasks`: tasks across documents, filtered; a department reporter sees only its own. */
import { createRoute } from "@hono/zod-openapi";
import type { AppDeps } from "../context.js";
import { authenticate } from "../middleware/authenticate.js";
import { taskPolicy } from "../policies/tasks.js";
import { presentTaskListItem } from "../presenters/tasks.js";
import { requestContext } from "../request-context.js";
import { errors, IdParam, json } from "../schemas/common.js";
import { TaskListQuery, TaskListResponse, TaskResponse } from "../schemas/tasks.js";
import { assignmentsOf, getTask, listTasks } from "../services/tasks.js";
import { router, SESSION } from "./router.js";

/** The task routes. */
export function taskRoutes(deps: AppDeps) {
  const signedIn = authenticate(deps);
  const listRoute = createRoute({
    method: "get",
    path: "/",
    tags: ["tasks"],
    summary: "任务列表：按文件、单位、牵头/配合、状态筛选",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { query: TaskListQuery },
    responses: { 200: json(TaskListResponse, "任务列表"), ...errors(400, 401, 403) },
  });
  const getRoute = createRoute({
    method: "get",
    path: "/{id}",
    tags: ["tasks"],
    summary: "任务详情",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { params: IdParam },
    responses: { 200: json(TaskResponse, "任务"), ...errors(400, 401, 403, 404) },
  });

  return router()
    .openapi(listRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const query = c.req.valid("query");
      const { rows, total } = await listTasks(ctx, query);
      const assignments = await assignmentsOf(
        ctx,
        rows.map((r) => r.id),
      );
      return c.json(
        {
          data: rows.map((t) => presentTaskListItem(t, assignments.get(t.id) ?? [])),
          page: { total, limit: query.limit, offset: query.offset },
          policies: taskPolicy.policiesFor(ctx.actor),
        },
        200,
      );
    })
    .openapi(getRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const { task, assignments, subject } = await getTask(ctx, c.req.valid("param").id);
      return c.json(
        {
          data: presentTaskListItem(task, assignments),
          policies: taskPolicy.policiesFor(ctx.actor, subject),
        },
        200,
      );
    });
}
