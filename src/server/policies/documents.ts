import type { Actor } from "../context.js";
import { allow, Policy, sameRegion } from "./policy.js";

/** A document as the policy sees it: its region and the units that lead or support one of its tasks. */
export interface DocumentSubject {
  regionId: string;
  unitIds: readonly string[];
}

/** What can be done to documents. */
export type DocumentAction = "list" | "read" | "download" | "upload";

const ownUnit = (actor: Actor, doc: DocumentSubject) =>
  sameRegion(actor, doc) && actor.unitId !== null && doc.unitIds.includes(actor.unitId);

/**
 * Documents: the 督查室 uploads and sees its region; leaders read the region; a department sees the
 * documents that give it a task. Administrators do not see the ledger (三权分立).
 */
export const documentPolicy = new Policy<DocumentAction, DocumentSubject>(
  "document",
  ["list", "read", "download", "upload"],
  [
    allow("supervisor", ["list", "read", "download", "upload"], "document", sameRegion),
    allow("leader", ["list", "read", "download"], "document", sameRegion),
    allow("reporter", ["list", "read", "download"], "document", ownUnit),
  ],
  "read",
);
