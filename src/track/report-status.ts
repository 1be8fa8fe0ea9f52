/**
 * The status a department reports for a task in a period, and its Chinese label as it appears in
 * forms and 工作台账 spreadsheets. Shared by the reporting services and the Excel import/export.
 */

/** The status of a task in a progress report (未启动, 推进中, 已完成, 滞后, 无法完成). */
export type ReportStatus = "not_started" | "in_progress" | "completed" | "delayed" | "blocked";

/** Every report status, in the order forms list them. */
export const REPORT_STATUSES: readonly ReportStatus[] = [
  "not_started",
  "in_progress",
  "completed",
  "delayed",
  "blocked",
];

/** The Chinese label of each status. */
export const REPORT_STATUS_LABELS: Readonly<Record<ReportStatus, string>> = {
  not_started: "未启动",
  in_progress: "推进中",
  completed: "已完成",
  delayed: "滞后",
  blocked: "无法完成",
};

/** The status a label names, allowing the spellings offices type (进行中 for 推进中, 完成 for 已完成). */
export function reportStatusOf(label: string): ReportStatus | null {
  const text = label.replace(/\s+/g, "");
  for (const status of REPORT_STATUSES) if (REPORT_STATUS_LABELS[status] === text) return status;
  return REPORT_STATUS_ALIASES[text] ?? null;
}

const REPORT_STATUS_ALIASES: Readonly<Record<string, ReportStatus>> = {
  未开始: "not_started",
  尚未启动: "not_started",
  进行中: "in_progress",
  正在推进: "in_progress",
  完成: "completed",
  已办结: "completed",
  办结: "completed",
  延期: "delayed",
  滞后推进: "delayed",
  不能完成: "blocked",
  未按期完成: "delayed",
};
