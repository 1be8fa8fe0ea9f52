import type { Actor } from "../context.js";
import { allow, Policy } from "./policy.js";

/** Audit rows are the region's, or system-wide (`regionId` null: a login with an unknown name). */
export interface AuditSubject {
  regionId: string | null;
}

/** What can be done to the audit log: read it, export it, check its chain. Nothing else, by anyone. */
export type AuditAction = "list" | "export" | "verify";

const regionOrSystem = (actor: Actor, row: AuditSubject) =>
  row.regionId === null || row.regionId === actor.regionId;

/** The audit log belongs to the audit administrator alone (三权分立); the system administrator cannot read it. */
export const auditPolicy = new Policy<AuditAction, AuditSubject>(
  "audit",
  ["list", "export", "verify"],
  [allow("audit_admin", ["list", "export", "verify"], "audit", regionOrSystem)],
);
