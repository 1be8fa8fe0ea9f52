/**
 * The plain data the Excel writers take and the reader returns. No database rows, no HTTP: callers
 * (the reporting services, the API, the CLI) map their records to these shapes.
 */
import type { ReportStatus } from "../../track/report-status.js";

/** One task row of a document's 任务分工表. */
export interface TaskDivisionRow {
  /** The 重点任务 heading the task sits under; consecutive equal headings are merged into one cell. */
  heading: string | null;
  /** 具体内容: the task text. */
  content: string;
  /** 牵头单位, in the order the document lists them. */
  leadUnits: readonly string[];
  /** 责任单位 (co-operating units), in document order. */
  coUnits: readonly string[];
  /** 完成时限 as the document words it (e.g. "2025年底前", "长期坚持"); null when none. */
  deadline: string | null;
}

/** Everything `writeTaskDivisionTable` needs. */
export interface TaskDivisionTable {
  /** The document title without 《》, e.g. "万州区推进乡村振兴实施方案". */
  documentTitle: string;
  /** The 文号, shown in the subtitle row when present. */
  docNumber?: string | null;
  /** The tasks in document order. */
  rows: readonly TaskDivisionRow[];
}

/** The row key that ties a 工作台账 row to one expected report (task × responsible unit). */
export interface LedgerKey {
  /** The task id in the store. */
  taskId: string;
  /** The unit id in the store. */
  unitId: string;
}

/** One expected report of a period as a 工作台账 row, filled in or blank. */
export interface WorkLedgerRow extends LedgerKey {
  /** The task text shown to the reporter. */
  task: string;
  /** The responsible unit's name. */
  unit: string;
  /** The reported status; null leaves the cell blank for the department to fill. */
  status: ReportStatus | null;
  /** Progress in whole percent 0–100; null when not reported. */
  progress: number | null;
  /** 工作进展 (narrative). */
  narrative: string;
  /** 采取措施 (measures taken). */
  measures: string;
  /** 存在问题. */
  problems: string;
  /** 下步打算. */
  nextSteps: string;
}

/** Everything `writeWorkLedger` needs. */
export interface WorkLedger {
  /** The document title without 《》. */
  documentTitle: string;
  /** The 文号, shown in the subtitle row when present. */
  docNumber?: string | null;
  /** The period as offices name it, e.g. "2025年第一季度". */
  periodLabel: string;
  /** The period id, stored in the file so an import can check it is for the right period. */
  periodId?: string | null;
  /** The expected reports, in the order they should be listed. */
  rows: readonly WorkLedgerRow[];
}

/** 预期性 (expected) or 约束性 (binding), as 规划纲要 classify indicators. */
export type IndicatorNature = "expected" | "binding";

/** A value as a cell shows it: a number, or text such as "达标", "【250】", "7△". */
export type IndicatorValue = number | string | null;

/** One indicator row of the monitoring sheet. */
export interface IndicatorMonitorRow {
  /** 指标 name. */
  name: string;
  /** 单位 of measure (e.g. "%", "亿元"); null when dimensionless. */
  unit: string | null;
  /** 属性; null when the document does not say. */
  nature: IndicatorNature | null;
  /** 基期值. */
  baseline: IndicatorValue;
  /** 目标值. */
  target: IndicatorValue;
  /** 实际值 by year; years not present are left blank. */
  actuals: Readonly<Record<number, IndicatorValue>>;
  /** 状态 as a Chinese label chosen by the caller (e.g. "进展顺利", "需加快"); null when unknown. */
  statusLabel: string | null;
}

/** Everything `writeIndicatorMonitor` needs. */
export interface IndicatorMonitor {
  /** The document title without 《》. */
  documentTitle: string;
  /** The 文号, shown in the subtitle row when present. */
  docNumber?: string | null;
  /** Base year, shown in the 基期值 header as "基期值（2020年）" when given. */
  baseYear?: number | null;
  /** Target year, shown in the 目标值 header as "目标值（2025年）" when given. */
  targetYear?: number | null;
  /** The years that get an 实际值 column each, in order. */
  years: readonly number[];
  /** The indicators in document order. */
  rows: readonly IndicatorMonitorRow[];
}

/** One filled-in 工作台账 row as read back; text fields are trimmed, blank means "". */
export interface LedgerImportRow {
  /** The row key; null when the key cell is blank or damaged (a problem is reported as well). */
  key: LedgerKey | null;
  /** The status typed in the row, alias spellings resolved; null when blank or not understood. */
  status: ReportStatus | null;
  /** Whole percent 0–100; null when blank or not understood. */
  progress: number | null;
  /** 工作进展. */
  narrative: string;
  /** 采取措施; undefined when the sheet has no such column. */
  measures?: string;
  /** 存在问题. */
  problems: string;
  /** 下步打算. */
  nextSteps: string;
  /** The 1-based worksheet row, for messages. */
  rowNumber: number;
}

/** Something wrong with one cell or row of an imported 台账, reported instead of dropping the row. */
export interface LedgerImportProblem {
  /** The 1-based worksheet row. */
  rowNumber: number;
  /** The Chinese header of the column concerned (e.g. "状态"), or "行标识" for the key column. */
  column: string;
  /** What is wrong, in Chinese. */
  message: string;
}

/** The result of `readWorkLedger`. */
export interface LedgerImport {
  /** The period id the file was exported for, when it carries one. */
  periodId: string | null;
  /** Every data row, including those with problems (their unreadable fields are null). */
  rows: LedgerImportRow[];
  /** Syntactic problems found; the caller still checks keys and values against the database. */
  problems: LedgerImportProblem[];
}

/** Options of `readWorkLedger`. */
export interface ReadWorkLedgerOptions {
  /** Largest file accepted, in bytes; default 20 MB. */
  maxBytes?: number;
}
