import type { Actor } from "../context.js";
import { allow, Policy, sameRegion } from "./policy.js";

/** A checklist item or self-evaluation as the policy sees it. */
export interface EvaluationSubject {
  regionId: string;
  /** Units with a task in the period's document (checklist items) or the evaluated unit. */
  unitIds: readonly string[];
}

/** What can be done with checklist items and self-evaluations. */
export type EvaluationAction = "read" | "selfEvaluate" | "attach" | "verify";

const involved = (actor: Actor, subject: EvaluationSubject) =>
  sameRegion(actor, subject) && actor.unitId !== null && subject.unitIds.includes(actor.unitId);

/**
 * Self-evaluation: a department scores itself on its periods' checklists and uploads evidence
 * files for them; the 督查室 verifies, reading every unit's files; leaders read.
 */
export const evaluationPolicy = new Policy<EvaluationAction, EvaluationSubject>(
  "evaluation",
  ["read", "selfEvaluate", "attach", "verify"],
  [
    allow("supervisor", ["read", "verify"], "evaluation", sameRegion),
    allow("leader", ["read"], "evaluation", sameRegion),
    allow("reporter", ["read", "selfEvaluate", "attach"], "evaluation", involved),
  ],
  "read",
);
