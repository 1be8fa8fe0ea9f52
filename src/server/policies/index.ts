/** Every entity's policy, for `/api/auth/me` (what the UI may show) and the route × role tests. */
export { accountPolicy, type AccountAction, type AccountSubject } from "./account.js";
export { auditPolicy, type AuditAction, type AuditSubject } from "./audit.js";
export { documentPolicy, type DocumentAction, type DocumentSubject } from "./documents.js";
export {
  ADMIN_ROLES,
  allow,
  BUSINESS_ROLES,
  Policy,
  ROLES,
  sameRegion,
  type Role,
  type Rule,
} from "./policy.js";
export { regionPolicy, type RegionAction, type RegionSubject } from "./regions.js";
export { searchPolicy, type SearchAction, type SearchSubject } from "./search.js";
export { settingsPolicy, type SettingsAction, type SettingsSubject } from "./settings.js";
export { taskPolicy, type TaskAction, type TaskSubject } from "./tasks.js";
export { unitPolicy, type UnitAction, type UnitSubject } from "./units.js";
export { userPolicy, type UserAction, type UserSubject } from "./users.js";

import type { Actor } from "../context.js";
import { accountPolicy } from "./account.js";
import { auditPolicy } from "./audit.js";
import { documentPolicy } from "./documents.js";
import { evaluationPolicy } from "./evaluations.js";
import { indicatorPolicy } from "./indicators.js";
import { periodPolicy } from "./periods.js";
import { regionPolicy } from "./regions.js";
import { searchPolicy } from "./search.js";
import { reportPolicy } from "./reports.js";
import { settingsPolicy } from "./settings.js";
import { taskPolicy } from "./tasks.js";
import { unitPolicy } from "./units.js";
import { userPolicy } from "./users.js";

/** What the actor's role may do, entity by entity (no object: conditions are for the objects). */
export function capabilities(actor: Actor) {
  return {
    account: accountPolicy.policiesFor(actor),
    audit: auditPolicy.policiesFor(actor),
    document: documentPolicy.policiesFor(actor),
    evaluation: evaluationPolicy.policiesFor(actor),
    indicator: indicatorPolicy.policiesFor(actor),
    period: periodPolicy.policiesFor(actor),
    region: regionPolicy.policiesFor(actor),
    report: reportPolicy.policiesFor(actor),
    search: searchPolicy.policiesFor(actor),
    settings: settingsPolicy.policiesFor(actor),
    task: taskPolicy.policiesFor(actor),
    unit: unitPolicy.policiesFor(actor),
    user: userPolicy.policiesFor(actor),
  };
}
