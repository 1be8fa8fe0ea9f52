import type { z } from "@hono/zod-openapi";
import type { TaskListItemSchema, TaskSchema } from "../schemas/tasks.js";
import type { AssignmentRecord, TaskRecord } from "../services/tasks.js";

/** A task as the API shows it. */
export type TaskDto = z.infer<typeof TaskSchema>;
/** A task with its document's title and 文号. */
export type TaskListItemDto = z.infer<typeof TaskListItemSchema>;

/** A task with its units. */
export function presentTask(task: TaskRecord, assignments: readonly AssignmentRecord[]): TaskDto {
  return {
    id: task.id,
    documentId: task.documentId,
    seq: task.seq,
    headingPath: task.headingPath,
    text: task.text,
    deadline: task.deadline,
    status: task.status,
    span: { start: task.spanStart, end: task.spanEnd },
    assignments: assignments.map((a) => ({
      unitName: a.unitName,
      unitId: a.unitId,
      canonicalName: a.canonicalName,
      role: a.role,
    })),
  };
}

/** A task with its document, for lists. */
export function presentTaskListItem(
  task: TaskRecord,
  assignments: readonly AssignmentRecord[],
): TaskListItemDto {
  return { ...presentTask(task, assignments), documentTitle: task.documentTitle, docNumber: task.docNumber };
}
