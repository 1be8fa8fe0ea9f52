/** Types and Chinese labels of the reporting cycle, from the server's schemas. Pure. */
import type { z } from "@hono/zod-openapi";
import type { PeriodSchema, ReportSchema } from "../../src/server/schemas/reporting.js";
import type { ExpectedReport } from "../../src/track/expected.js";

/** A reporting period (报送周期). */
export type Period = z.infer<typeof PeriodSchema>;
/** A report (one task × unit × period). */
export type Report = z.infer<typeof ReportSchema>;
/** One expected report of a period, as JSON (dates are strings on the wire). */
export type ExpectedRow = Omit<ExpectedReport, "firstSubmittedAt"> & { firstSubmittedAt: string | null };
/** Where a report is in its workflow. */
export type Workflow = Report["workflow"];

/** Progress statuses a unit reports. */
export const REPORT_STATUS_LABELS: Record<string, string> = {
  not_started: "未启动",
  in_progress: "推进中",
  completed: "已完成",
  delayed: "滞后",
  blocked: "受阻",
};

/** Workflow states; null is a report nobody opened yet. */
export const WORKFLOW_LABELS: Record<Workflow | "none", string> = {
  none: "未填报",
  draft: "草稿",
  submitted: "待审核",
  accepted: "已通过",
  returned: "已退回",
  locked: "已锁定",
};

/** Tag colours of the workflow states. */
export const WORKFLOW_COLORS: Record<Workflow | "none", string> = {
  none: "default",
  draft: "blue",
  submitted: "gold",
  accepted: "green",
  returned: "red",
  locked: "default",
};

/** Whether a unit may still edit a report in this state. */
export function editable(workflow: Workflow | null): boolean {
  return workflow === null || workflow === "draft" || workflow === "returned";
}

/** The content fields of a report, as the save body wants them. */
export function contentOf(report: Report) {
  return {
    status: report.status as "not_started" | "in_progress" | "completed" | "delayed" | "blocked",
    progress: report.progress,
    narrative: report.narrative,
    measures: report.measures,
    problems: report.problems,
    nextSteps: report.nextSteps,
    reason: report.reason,
  };
}
