/**
 * The responsibility matrix (责任矩阵): one row per unit, one column per task, lead or co in each
 * cell, with each unit's workload. Pure, so it is tested without a browser.
 */
import type { AssignmentLike } from "./spans.js";

/** A task as the matrix needs it. */
export interface MatrixTask {
  id: string;
  assignments: readonly AssignmentLike[];
}

/** One unit's row. */
export interface MatrixRow {
  /** The unit id, or `name:` + the name as written when the registry did not resolve it. */
  key: string;
  name: string;
  resolved: boolean;
  lead: number;
  co: number;
  /** Task id → the unit's role in it. */
  cells: Record<string, "lead" | "co">;
}

/**
 * Builds the rows, heaviest workload first (lead count, then co count, then name). A unit named
 * twice in one task counts once, as lead if it leads.
 */
export function buildMatrix(tasks: readonly MatrixTask[]): MatrixRow[] {
  const rows = new Map<string, MatrixRow>();
  for (const task of tasks) {
    for (const a of task.assignments) {
      const key = a.unitId ?? `name:${a.unitName}`;
      let row = rows.get(key);
      if (!row) {
        row = {
          key,
          name: a.canonicalName ?? a.unitName,
          resolved: a.unitId !== null,
          lead: 0,
          co: 0,
          cells: {},
        };
        rows.set(key, row);
      }
      const had = row.cells[task.id];
      if (had === "lead" || had === a.role) continue;
      if (had === "co") row.co--;
      row.cells[task.id] = a.role;
      row[a.role]++;
    }
  }
  return [...rows.values()].sort(
    (x, y) => y.lead - x.lead || y.co - x.co || x.name.localeCompare(y.name, "zh-CN"),
  );
}
