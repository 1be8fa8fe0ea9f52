/**
 * The state machine of a report: draft → submitted → accepted | returned; a returned report is
 * edited back into a draft and submitted again; accepted reports are locked when the period closes.
 */

/** Where a report is in review. */
export type Workflow = "draft" | "submitted" | "accepted" | "returned" | "locked";

/** Chinese labels of the workflow states. */
export const WORKFLOW_LABELS: Readonly<Record<Workflow, string>> = {
  draft: "草稿",
  submitted: "已报送",
  accepted: "已审核通过",
  returned: "已退回",
  locked: "已锁定",
};

/** What someone does to a report. */
export type WorkflowAction = "save" | "submit" | "accept" | "return" | "lock";

const NEXT: Readonly<Record<WorkflowAction, Partial<Record<Workflow, Workflow>>>> = {
  save: { draft: "draft", returned: "draft" },
  submit: { draft: "submitted", returned: "submitted" },
  accept: { submitted: "accepted" },
  return: { submitted: "returned", accepted: "returned" },
  lock: { accepted: "locked" },
};

/** The state after `action`, or null when the action is not allowed from `state`. */
export function nextWorkflow(state: Workflow, action: WorkflowAction): Workflow | null {
  return NEXT[action][state] ?? null;
}

/** True when the report counts as received (DHIS2's actual reports). */
export function isReceived(state: Workflow): boolean {
  return state === "submitted" || state === "accepted" || state === "locked";
}
