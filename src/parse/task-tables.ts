import type { Assignment, AssignmentRole, Diagnostic, Span, TableCell, TableNode, Task } from "./types.js";
import { splitUnitList } from "./units-split.js";

type Column = "seq" | "task" | "detail" | "lead" | "co" | "resp" | "deadline" | "ignore";

/** Header words of a 任务分工表, most specific first (ecosystem.md §1 lists the variants seen). */
const HEADERS: [Column, RegExp][] = [
  ["ignore", /领导|责任人|联系人|备注|进展|完成情况|状态/],
  ["seq", /^(?:序号|编号)$/],
  ["lead", /牵头|主办单位|承办单位/],
  ["co", /配合|协办|协同|协作|参与单位/],
  ["resp", /责任单位|责任部门|负责单位/],
  ["deadline", /时限|时间节点|完成时间|截止/],
  ["detail", /具体措施|工作措施|具体举措|主要措施|具体内容|任务分解|工作目标|目标要求/],
  ["task", /任务|工作内容|重点工作|事项|内容/],
];

/**
 * Reads a task-division table (序号 · 重点任务 · 牵头单位 · 配合单位 · 完成时限): each row is a task,
 * its unit cells the clause. Returns null when the table has no unit column or no task column.
 */
export function tasksFromTable(
  text: string,
  table: TableNode,
  path: string[],
  headingIds: string[],
): { tasks: Task[]; diagnostics: Diagnostic[] } | null {
  const headerIndex = table.rows.slice(0, 3).findIndex((row) => classify(row).some((c) => isUnitColumn(c)));
  if (headerIndex === -1) return null;
  const columns = classify(table.rows[headerIndex] as TableCell[]);
  if (!columns.includes("task") && !columns.includes("detail")) return null;
  const hasLead = columns.includes("lead");
  const tasks: Task[] = [];
  const diagnostics: Diagnostic[] = [];
  let category: string | undefined;

  for (const row of table.rows.slice(headerIndex + 1)) {
    const distinct = new Set(row.map((c) => c.text).filter((t) => t.length > 0));
    if (distinct.size === 1 && row.filter((c) => c.text.length > 0).length < columns.length) {
      // A category row spanning the table: 一、全面打赢脱贫攻坚战.
      category = [...distinct][0];
      continue;
    }
    const cell = (kind: Column) => row.filter((_, i) => columns[i] === kind && row[i]?.text);
    const taskCells = [...cell("task"), ...cell("detail")];
    if (taskCells.length === 0) continue;
    const assignments: Assignment[] = [];
    const unitCells: TableCell[] = [];
    const add = (cells: TableCell[], role: AssignmentRole | "resp") => {
      for (const unitCell of cells) {
        unitCells.push(unitCell);
        const tokens = splitUnitList(text, unitCell.span.start, unitCell.span.end);
        tokens.forEach((token, i) => {
          if (assignments.some((a) => a.unit === token.unit)) return;
          const inferredLead = role === "resp" && !hasLead && i === 0 && assignments.length === 0;
          const written: AssignmentRole = role === "resp" ? (inferredLead ? "lead" : "co") : role;
          const assignment: Assignment = {
            unit: token.unit,
            role: token.marked ?? written,
            collective: token.collective,
            span: token.span,
          };
          if (inferredLead && !token.marked) assignment.inferred = true;
          assignments.push(assignment);
        });
      }
    };
    add(cell("lead"), "lead");
    add(cell("resp"), "resp");
    add(cell("co"), "co");
    const first = row.find((c) => c.text.length > 0) as TableCell;
    const last = [...row].reverse().find((c) => c.text.length > 0) as TableCell;
    const rowSpan: Span = { start: first.span.start, end: last.span.end };
    if (assignments.length === 0) {
      diagnostics.push({
        code: "task-without-unit",
        severity: "warning",
        message: "任务分工表中此行没有填写责任单位",
        span: rowSpan,
      });
      continue;
    }
    const task: Task = {
      id: "",
      path: category ? [...path, category] : [...path],
      headingIds: [...headingIds],
      text: taskCells.map((c) => c.text).join("："),
      span: {
        start: (taskCells[0] as TableCell).span.start,
        end: (taskCells[taskCells.length - 1] as TableCell).span.end,
      },
      clauseSpan: {
        start: Math.min(...unitCells.map((c) => c.span.start)),
        end: Math.max(...unitCells.map((c) => c.span.end)),
      },
      assignments,
    };
    const deadlineCell = cell("deadline")[0];
    const deadline = deadlineCell ? readTableDeadline(deadlineCell.text) : undefined;
    if (deadlineCell && deadline) task.deadline = { value: deadline, span: deadlineCell.span };
    tasks.push(task);
  }
  return { tasks, diagnostics };
}

function classify(row: TableCell[]): Column[] {
  let taskSeen = false;
  return row.map((cell) => {
    const header = cell.text.replace(/\s+/g, "");
    if (header.length === 0 || header.length > 12) return "ignore";
    for (const [kind, re] of HEADERS) {
      if (!re.test(header)) continue;
      if (kind === "task") {
        // The first task-like column is the task; later ones are its detail.
        if (taskSeen) return "detail";
        taskSeen = true;
      }
      return kind;
    }
    return "ignore";
  });
}

function isUnitColumn(column: Column): boolean {
  return column === "lead" || column === "co" || column === "resp";
}

/** 2022年底前 → 2022-12-31; 2022年6月 → 2022-06; 2022年6月30日 → 2022-06-30; 长期 → none. */
export function readTableDeadline(value: string): string | undefined {
  const m = /((?:19|20)\d{2})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日)?(底|末)?)?/.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (!m[2]) return `${year}-12-31`;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  const mm = String(month).padStart(2, "0");
  if (m[3]) return `${year}-${mm}-${String(Number(m[3])).padStart(2, "0")}`;
  if (m[4])
    return `${year}-${mm}-${String(new Date(Date.UTC(year, month, 0)).getUTCDate()).padStart(2, "0")}`;
  return `${year}-${mm}`;
}
