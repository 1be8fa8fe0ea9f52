import { z } from "@hono/zod-openapi";
import { PageQuery, PageSchema, PoliciesSchema, SpanSchema } from "./common.js";

/** A unit named in a task, as written and as resolved. */
export const AssignmentSchema = z
  .object({
    unitName: z.string(),
    unitId: z.string().nullable(),
    canonicalName: z.string().nullable(),
    role: z.enum(["lead", "co"]),
  })
  .openapi("Assignment");

/** A task with its units. */
export const TaskSchema = z
  .object({
    id: z.uuid(),
    documentId: z.uuid(),
    seq: z.number().int(),
    headingPath: z.array(z.string()),
    text: z.string(),
    deadline: z.string().nullable(),
    status: z.enum(["active", "retired"]),
    span: SpanSchema,
    assignments: z.array(AssignmentSchema),
  })
  .openapi("Task");

/** A task in lists, with its document. */
export const TaskListItemSchema = TaskSchema.extend({
  documentTitle: z.string().nullable(),
  docNumber: z.string().nullable(),
}).openapi("TaskListItem");

/** `GET /api/tasks` filters. */
export const TaskListQuery = PageQuery.extend({
  documentId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  role: z.enum(["lead", "co"]).optional(),
  status: z.enum(["active", "retired"]).default("active"),
});

/** `GET /api/tasks` response. */
export const TaskListResponse = z.object({
  data: z.array(TaskListItemSchema),
  page: PageSchema,
  policies: PoliciesSchema,
});

/** `GET /api/tasks/{id}` response. */
export const TaskResponse = z.object({ data: TaskListItemSchema, policies: PoliciesSchema });
