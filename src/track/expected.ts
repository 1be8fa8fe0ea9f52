/**
 * Expected reports: every resolved unit of every active task of the period's document owes one
 * report per period. Derived on read from assignments (docs/tracking.md says why they are not
 * stored), joined with the report each unit has written so far.
 */
import { sql } from "kysely";
import type { TrackScope } from "./context.js";
import type { PeriodRecord } from "./periods.js";
import type { ReportStatus } from "./report-status.js";
import type { Workflow } from "./rules/workflow.js";

/** One expected report and where it stands. */
export interface ExpectedReport {
  taskId: string;
  taskSeq: number;
  taskText: string;
  unitId: string;
  unitName: string;
  role: "lead" | "co";
  due: string;
  reportId: string | null;
  version: number | null;
  workflow: Workflow | null;
  status: ReportStatus | null;
  progress: number | null;
  firstSubmittedAt: Date | null;
  returnCount: number;
}

/** The expected reports of a period, of one unit when given, in task order. */
export async function expectedReports(
  scope: TrackScope,
  period: PeriodRecord,
  unitId?: string | null,
): Promise<ExpectedReport[]> {
  const unitFilter = unitId ? sql`AND a.unit_id = ${unitId}` : sql``;
  const result = await sql<{
    task_id: string;
    seq: number;
    text: string;
    unit_id: string;
    canonical_name: string;
    role: "lead" | "co";
    report_id: string | null;
    version: number | null;
    workflow: Workflow | null;
    status: ReportStatus | null;
    progress: number | null;
    first_submitted_at: Date | null;
    return_count: number | null;
  }>`
    SELECT e.task_id, t.seq, t.text, e.unit_id, u.canonical_name, e.role,
           r.id AS report_id, r.version, r.workflow, r.status, r.progress, r.first_submitted_at, r.return_count
    FROM (
      SELECT a.task_id, a.unit_id, CASE WHEN bool_or(a.role = 'lead') THEN 'lead' ELSE 'co' END AS role
      FROM assignments a
      WHERE a.region_id = ${scope.regionId} AND a.document_id = ${period.documentId}
        AND a.unit_id IS NOT NULL ${unitFilter}
      GROUP BY a.task_id, a.unit_id
    ) e
    JOIN tasks t ON t.region_id = ${scope.regionId} AND t.id = e.task_id AND t.status = 'active'
    JOIN units u ON u.region_id = ${scope.regionId} AND u.id = e.unit_id
    LEFT JOIN reports r ON r.region_id = ${scope.regionId} AND r.period_id = ${period.id}
      AND r.task_id = e.task_id AND r.unit_id = e.unit_id AND NOT r.consolidated
    ORDER BY t.seq, e.role DESC, u.canonical_name
  `.execute(scope.db);
  return result.rows.map((r) => ({
    taskId: r.task_id,
    taskSeq: r.seq,
    taskText: r.text,
    unitId: r.unit_id,
    unitName: r.canonical_name,
    role: r.role,
    due: period.due,
    reportId: r.report_id,
    version: r.version,
    workflow: r.workflow,
    status: r.status,
    progress: r.progress,
    firstSubmittedAt: r.first_submitted_at,
    returnCount: r.return_count ?? 0,
  }));
}
