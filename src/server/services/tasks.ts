/**
 * Tasks across documents. Scope is applied in SQL, the same rule as the task policy: the region,
 * and for a department reporter only tasks where its unit is lead or co.
 */
import type { Actor, RequestContext } from "../context.js";
import { notFound } from "../errors.js";
import { taskPolicy, type TaskSubject } from "../policies/tasks.js";

/** A task row joined with its document. */
export interface TaskRecord {
  id: string;
  documentId: string;
  seq: number;
  headingPath: string[];
  text: string;
  deadline: string | null;
  status: "active" | "retired";
  spanStart: number;
  spanEnd: number;
  documentTitle: string | null;
  docNumber: string | null;
}

/** A unit named by a task. */
export interface AssignmentRecord {
  taskId: string;
  unitName: string;
  unitId: string | null;
  canonicalName: string | null;
  role: "lead" | "co";
}

/**
 * The tasks a unit is assigned to (as `role`, when given), as a subquery to join on `task_id`.
 * Driven by the unit's index, its cost is the unit's tasks, whatever the planner's statistics say:
 * an `EXISTS` per task was planned as a scan of every task of the region when they were missing.
 */
export function unitTasks(ctx: RequestContext, unitId: string, role?: "lead" | "co") {
  let query = ctx.db
    .selectFrom("assignments as a")
    .select("a.task_id")
    .distinct()
    .where("a.region_id", "=", ctx.actor.regionId)
    .where("a.unit_id", "=", unitId);
  if (role) query = query.where("a.role", "=", role);
  return query;
}

/** The unit a reporter is confined to, or null for roles that see the whole region. */
export function reporterUnit(actor: Actor): string | null {
  return actor.role === "reporter" ? (actor.unitId ?? "00000000-0000-0000-0000-000000000000") : null;
}

/** Task filters of the list route. */
export interface TaskFilters {
  limit: number;
  offset: number;
  documentId?: string | undefined;
  unitId?: string | undefined;
  role?: "lead" | "co" | undefined;
  status: "active" | "retired";
}

function taskColumns() {
  return [
    "t.id",
    "t.document_id as documentId",
    "t.seq",
    "t.heading_path as headingPath",
    "t.text",
    "t.deadline",
    "t.status",
    "t.span_start as spanStart",
    "t.span_end as spanEnd",
    "d.title as documentTitle",
    "d.doc_number as docNumber",
  ] as const;
}

/** The tasks the actor may see, filtered, newest document first. */
export async function listTasks(
  ctx: RequestContext,
  filters: TaskFilters,
): Promise<{ rows: TaskRecord[]; total: number }> {
  taskPolicy.authorize(ctx.actor, "list");
  const own = reporterUnit(ctx.actor);
  const { unitId, role } = filters;
  let base = ctx.db
    .selectFrom("tasks as t")
    .innerJoin("documents as d", (j) =>
      j.onRef("d.region_id", "=", "t.region_id").onRef("d.id", "=", "t.document_id"),
    )
    .$if(own !== null, (q) =>
      q.innerJoin(unitTasks(ctx, own!, unitId ? undefined : role).as("own"), (j) =>
        j.onRef("own.task_id", "=", "t.id"),
      ),
    )
    .$if(unitId !== undefined, (q) =>
      q.innerJoin(unitTasks(ctx, unitId!, role).as("filter"), (j) => j.onRef("filter.task_id", "=", "t.id")),
    )
    .where("t.region_id", "=", ctx.actor.regionId)
    .where("t.status", "=", filters.status);
  if (filters.documentId) base = base.where("t.document_id", "=", filters.documentId);
  // The total rides along as a window count: one round trip instead of two.
  const page = await base
    .select(taskColumns())
    .select((eb) => eb.fn.countAll<number>().over().as("total"))
    .orderBy("d.imported_at", "desc")
    .orderBy("d.id")
    .orderBy("t.seq")
    .limit(filters.limit)
    .offset(filters.offset)
    .execute();
  const total =
    page.length > 0 || filters.offset === 0
      ? Number(page[0]?.total ?? 0)
      : Number((await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  return { rows: page.map(({ total: _total, ...row }) => row), total };
}

/** The assignments of some tasks, in clause order. */
export async function assignmentsOf(
  ctx: RequestContext,
  taskIds: readonly string[],
): Promise<Map<string, AssignmentRecord[]>> {
  const out = new Map<string, AssignmentRecord[]>();
  if (taskIds.length === 0) return out;
  const rows = await ctx.db
    .selectFrom("assignments as a")
    .leftJoin("units as u", (j) => j.onRef("u.region_id", "=", "a.region_id").onRef("u.id", "=", "a.unit_id"))
    .select([
      "a.task_id as taskId",
      "a.unit_name as unitName",
      "a.unit_id as unitId",
      "u.canonical_name as canonicalName",
      "a.role",
    ])
    .where("a.region_id", "=", ctx.actor.regionId)
    .where("a.task_id", "in", [...taskIds])
    .orderBy("a.task_id")
    .orderBy("a.seq")
    .execute();
  for (const row of rows) {
    const list = out.get(row.taskId) ?? [];
    list.push(row);
    out.set(row.taskId, list);
  }
  return out;
}

/** The policy's view of a task. */
export function taskSubject(regionId: string, assignments: readonly AssignmentRecord[]): TaskSubject {
  return { regionId, unitIds: assignments.flatMap((a) => (a.unitId ? [a.unitId] : [])) };
}

/** One task with its units; 404 outside the actor's scope. */
export async function getTask(
  ctx: RequestContext,
  id: string,
): Promise<{ task: TaskRecord; assignments: AssignmentRecord[]; subject: TaskSubject }> {
  taskPolicy.authorize(ctx.actor, "read");
  const task = await ctx.db
    .selectFrom("tasks as t")
    .innerJoin("documents as d", (j) =>
      j.onRef("d.region_id", "=", "t.region_id").onRef("d.id", "=", "t.document_id"),
    )
    .select(taskColumns())
    .where("t.region_id", "=", ctx.actor.regionId)
    .where("t.id", "=", id)
    .executeTakeFirst();
  if (!task) throw notFound();
  const assignments = (await assignmentsOf(ctx, [task.id])).get(task.id) ?? [];
  const subject = taskSubject(ctx.actor.regionId, assignments);
  taskPolicy.authorize(ctx.actor, "read", subject);
  return { task, assignments, subject };
}
