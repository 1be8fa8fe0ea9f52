/**
 * The content rules of a report, shared by the API, the CLI and the 台账 import: a progress
 * between 0 and 100, 已完成 at 100 %, and a reason for 无法完成.
 */
import type { ReportStatus } from "../report-status.js";

/** The fields a unit fills in. */
export interface ReportContent {
  status: ReportStatus;
  progress: number;
  narrative: string;
  measures: string;
  problems: string;
  nextSteps: string;
  reason: string | null;
}

/** Problems with a report's content, in Chinese; empty when it may be submitted. */
export function reportProblems(content: ReportContent): string[] {
  const problems: string[] = [];
  if (!Number.isFinite(content.progress) || content.progress < 0 || content.progress > 100)
    problems.push("进度须在 0 到 100 之间");
  if (content.status === "completed" && content.progress !== 100) problems.push("状态为已完成时进度须为 100");
  if (content.status === "blocked" && !content.reason?.trim()) problems.push("状态为无法完成时须说明原因");
  return problems;
}

/** Problems that only block a submission (a draft may still be incomplete). */
export function submissionProblems(content: ReportContent): string[] {
  const problems = reportProblems(content);
  if (content.status !== "not_started" && !content.narrative.trim()) problems.push("报送前须填写工作进展");
  return problems;
}
