import type { Actor } from "../context.js";
import { allow, Policy, sameRegion } from "./policy.js";

/** A task as the policy sees it: its region and the units that lead it or support it. */
export interface TaskSubject {
  regionId: string;
  unitIds: readonly string[];
}

/** What can be done to tasks (reports and status changes come with the reporting cycle). */
export type TaskAction = "list" | "read";

const ownUnit = (actor: Actor, task: TaskSubject) =>
  sameRegion(actor, task) && actor.unitId !== null && task.unitIds.includes(actor.unitId);

/** Tasks: the region for the 督查室 and leaders; for a department only tasks where it is lead or co. */
export const taskPolicy = new Policy<TaskAction, TaskSubject>(
  "task",
  ["list", "read"],
  [
    allow(["supervisor", "leader"], ["list", "read"], "task", sameRegion),
    allow("reporter", ["list", "read"], "task", ownUnit),
  ],
  "read",
);
