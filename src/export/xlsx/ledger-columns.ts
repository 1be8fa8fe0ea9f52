/**
 * The columns of the 工作台账, shared by the writer and the reader so a header written by one is
 * always found by the other. The reader also accepts the header variants offices use.
 */

/** The fields of a 工作台账 row, in column order. */
export type LedgerField =
  | "number"
  | "task"
  | "unit"
  | "status"
  | "progress"
  | "narrative"
  | "measures"
  | "problems"
  | "nextSteps"
  | "key";

/** A column of the 工作台账. */
export interface LedgerColumn {
  /** The field the column holds. */
  field: LedgerField;
  /** The header written on export (zh-CN). */
  header: string;
  /** Other headers accepted on import, compared after `normalizeHeader`. */
  aliases: readonly string[];
  /** True when departments fill it in (unlocked on export, read on import). */
  input: boolean;
}

/** The header of the hidden key column. */
export const KEY_HEADER = "行标识";

/** The 工作台账 columns in order; the key column comes last and is hidden. */
export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
  { field: "number", header: "序号", aliases: ["编号"], input: false },
  {
    field: "task",
    header: "任务",
    aliases: ["重点任务", "工作任务", "任务内容", "具体内容", "重点工作内容", "工作内容"],
    input: false,
  },
  { field: "unit", header: "责任单位", aliases: ["牵头单位", "承办单位", "单位"], input: false },
  { field: "status", header: "状态", aliases: ["完成状态", "进展状态", "推进状态", "办理状态"], input: true },
  {
    field: "progress",
    header: "进度(%)",
    aliases: ["进度", "完成进度", "形象进度", "完成比例", "完成率", "进度百分比"],
    input: true,
  },
  {
    field: "narrative",
    header: "工作进展",
    aliases: ["进展情况", "工作动态", "推进情况", "完成情况", "工作进展情况"],
    input: true,
  },
  {
    field: "measures",
    header: "采取措施",
    aliases: ["具体措施", "工作措施", "主要措施", "已采取措施", "采取的措施"],
    input: true,
  },
  { field: "problems", header: "存在问题", aliases: ["问题", "存在的问题", "困难和问题"], input: true },
  {
    field: "nextSteps",
    header: "下步打算",
    aliases: ["下步措施", "下一步打算", "下一步工作计划", "下步工作计划", "下一步措施"],
    input: true,
  },
  { field: "key", header: KEY_HEADER, aliases: [], input: false },
];

/**
 * A header cell's text reduced to what identifies it: full-width forms folded (NFKC), spaces and
 * line breaks removed, and a bracketed unit such as "(%)" or "（%）" dropped.
 */
export function normalizeHeader(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/\s+/g, "")
    .replace(/\([^)]*\)$/, "")
    .replace(/[%:：*]/g, "");
}

/** The field a header cell names, or null. */
export function ledgerFieldOf(headerText: string): LedgerField | null {
  const header = normalizeHeader(headerText);
  if (!header) return null;
  for (const column of LEDGER_COLUMNS) {
    if (normalizeHeader(column.header) === header) return column.field;
    if (column.aliases.some((alias) => normalizeHeader(alias) === header)) return column.field;
  }
  return null;
}

/** The header a field is exported under (used in problem messages). */
export function headerOf(field: LedgerField): string {
  return LEDGER_COLUMNS.find((column) => column.field === field)!.header;
}
