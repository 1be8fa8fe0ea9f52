/**
 * Permissions as data: each entity declares one table of `allow(roles, actions, entity, condition)`
 * rules (policies/<entity>.ts). Everything not allowed is denied. A role that may never do an action
 * gets 403; a role that may, but not to this object (another unit, another region), gets 404, so an
 * id from elsewhere reveals nothing — unless the caller may read the object, then 403.
 */
import type { UserRole } from "../../store/index.js";
import type { Actor } from "../context.js";
import { forbidden, notFound } from "../errors.js";

/** A role of the system. */
export type Role = UserRole;

/** Every role, administrators first. */
export const ROLES: readonly Role[] = [
  "system_admin",
  "security_admin",
  "audit_admin",
  "supervisor",
  "reporter",
  "leader",
];

/** The three administrators of 三权分立; none of them may do another's job. */
export const ADMIN_ROLES: readonly Role[] = ["system_admin", "security_admin", "audit_admin"];

/** The roles that work with the ledger itself. */
export const BUSINESS_ROLES: readonly Role[] = ["supervisor", "reporter", "leader"];

/** One rule: these roles may do these actions to the entity when the condition holds. */
export interface Rule<A extends string, S> {
  roles: readonly Role[];
  actions: readonly A[];
  entity: string;
  /** Checked against the object; a rule without one applies to every object the role can name. */
  condition?: (actor: Actor, subject: S) => boolean;
}

/**
 * Declares a rule.
 *
 * @example
 * allow("reporter", ["list", "read"], "task", (actor, task) => task.unitIds.includes(actor.unitId ?? ""))
 */
export function allow<A extends string, S>(
  roles: Role | readonly Role[],
  actions: A | readonly A[],
  entity: string,
  condition?: (actor: Actor, subject: S) => boolean,
): Rule<A, S> {
  return {
    roles: typeof roles === "string" ? [roles] : roles,
    actions: typeof actions === "string" ? [actions as A] : (actions as readonly A[]),
    entity,
    ...(condition ? { condition } : {}),
  };
}

/** An entity's policy: its actions and rules. */
export class Policy<A extends string, S> {
  constructor(
    readonly entity: string,
    readonly actions: readonly A[],
    readonly rules: readonly Rule<A, S>[],
    /** The action that decides whether an object is visible at all (404 versus 403). */
    readonly readAction?: A,
  ) {
    for (const rule of rules) {
      if (rule.entity !== entity) throw new Error(`policy ${entity}: rule for ${rule.entity}`);
    }
  }

  /** True when some rule lets `role` do `action` to some object. */
  roleMay(role: Role, action: A): boolean {
    return this.rules.some((r) => r.roles.includes(role) && r.actions.includes(action));
  }

  /** True when the actor may do `action`; with a subject, its conditions must hold too. */
  can(actor: Actor, action: A, subject?: S): boolean {
    return this.rules.some(
      (r) =>
        r.roles.includes(actor.role) &&
        r.actions.includes(action) &&
        (subject === undefined || !r.condition || r.condition(actor, subject)),
    );
  }

  /** Throws 403 or 404 (see the module comment) unless the actor may do `action` to `subject`. */
  authorize(actor: Actor, action: A, subject?: S): void {
    if (!this.roleMay(actor.role, action)) throw forbidden();
    if (subject === undefined || this.can(actor, action, subject)) return;
    if (this.readAction && this.readAction !== action && this.can(actor, this.readAction, subject))
      throw forbidden();
    throw notFound();
  }

  /** What the actor may do (to `subject`, when given): the `policies` of a response. */
  policiesFor(actor: Actor, subject?: S): Record<A, boolean> {
    return Object.fromEntries(this.actions.map((a) => [a, this.can(actor, a, subject)])) as Record<
      A,
      boolean
    >;
  }
}

/** True when the object lives in the actor's region. */
export function sameRegion(actor: Actor, subject: { regionId: string | null }): boolean {
  return subject.regionId === actor.regionId;
}
