/**
 * The data of the three spreadsheets offices exchange — a document's 任务分工表, a period's 工作台账
 * and the indicator monitoring sheet — and the import of a filled-in 台账 back as reports: a plan
 * (what each row would change) for the dry run, applied through the same validation for the real run.
 */
import type {
  IndicatorMonitor,
  LedgerImportRow,
  TaskDivisionTable,
  WorkLedger,
} from "../export/xlsx/types.js";
import type { TrackContext, TrackScope } from "./context.js";
import { TrackError, isTrackError } from "./errors.js";
import { expectedReports, type ExpectedReport } from "./expected.js";
import { indicatorStatuses } from "./indicators.js";
import { periodWritable, type PeriodRecord } from "./periods.js";
import { applyTransition, insertReport, reportOf } from "./reports.js";
import { reportProblems, submissionProblems, type ReportContent } from "./rules/validate.js";

async function documentHead(scope: TrackScope, documentId: string) {
  const doc = await scope.db
    .selectFrom("documents")
    .select(["title", "doc_number"])
    .where("region_id", "=", scope.regionId)
    .where("id", "=", documentId)
    .executeTakeFirst();
  if (!doc) throw new TrackError("NOT_FOUND", "未找到文件");
  return { documentTitle: (doc.title ?? "未命名文件").replace(/^《|》$/g, ""), docNumber: doc.doc_number };
}

/** The 任务分工表 of a document: tasks in order with their lead and co units and deadline. */
export async function taskDivisionOf(scope: TrackScope, documentId: string): Promise<TaskDivisionTable> {
  const head = await documentHead(scope, documentId);
  const tasks = await scope.db
    .selectFrom("tasks")
    .select(["id", "heading_path", "text", "deadline"])
    .where("region_id", "=", scope.regionId)
    .where("document_id", "=", documentId)
    .where("status", "=", "active")
    .orderBy("seq")
    .execute();
  const assignments = await scope.db
    .selectFrom("assignments as a")
    .leftJoin("units as u", (j) => j.onRef("u.region_id", "=", "a.region_id").onRef("u.id", "=", "a.unit_id"))
    .select(["a.task_id", "a.role", "a.unit_name", "u.canonical_name"])
    .where("a.region_id", "=", scope.regionId)
    .where("a.document_id", "=", documentId)
    .orderBy("a.seq")
    .execute();
  return {
    ...head,
    rows: tasks.map((t) => {
      const mine = assignments.filter((a) => a.task_id === t.id);
      const names = (role: "lead" | "co") => [
        ...new Set(mine.filter((a) => a.role === role).map((a) => a.canonical_name ?? a.unit_name)),
      ];
      const path = t.heading_path as string[];
      return {
        heading: path.at(-1) ?? null,
        content: t.text,
        leadUnits: names("lead"),
        coUnits: names("co"),
        deadline: t.deadline,
      };
    }),
  };
}

/** The 工作台账 of a period: every expected report, filled in where a report exists. */
export async function workLedgerOf(
  scope: TrackScope,
  period: PeriodRecord,
  unitId?: string | null,
): Promise<WorkLedger> {
  const head = await documentHead(scope, period.documentId);
  const expected = await expectedReports(scope, period, unitId);
  const ids = expected.flatMap((e) => (e.reportId ? [e.reportId] : []));
  const reports = new Map(
    ids.length === 0
      ? []
      : (
          await scope.db
            .selectFrom("reports")
            .selectAll()
            .where("region_id", "=", scope.regionId)
            .where("id", "in", ids)
            .execute()
        ).map((r) => [r.id, reportOf(r)] as const),
  );
  return {
    ...head,
    periodLabel: period.label,
    periodId: period.id,
    rows: expected.map((e) => {
      const r = e.reportId ? reports.get(e.reportId) : undefined;
      return {
        taskId: e.taskId,
        unitId: e.unitId,
        task: e.taskText,
        unit: e.unitName,
        status: r?.status ?? null,
        progress: r?.progress ?? null,
        narrative: r?.narrative ?? "",
        measures: r?.measures ?? "",
        problems: r?.problems ?? "",
        nextSteps: r?.nextSteps ?? "",
      };
    }),
  };
}

/** The indicator monitoring sheet of a document, with a column per year that has observations. */
export async function indicatorMonitorOf(scope: TrackScope, documentId: string): Promise<IndicatorMonitor> {
  const head = await documentHead(scope, documentId);
  const statuses = await indicatorStatuses(scope, { documentId });
  const years = [...new Set(statuses.flatMap((s) => s.observations.map((o) => o.year)))].sort();
  const targetYears = [...new Set(statuses.flatMap((s) => (s.targetYear ? [s.targetYear] : [])))];
  return {
    ...head,
    targetYear: targetYears.length === 1 ? targetYears[0]! : null,
    years,
    rows: statuses.map((s) => ({
      name: s.name,
      unit: s.unit,
      nature: s.attribute === "binding" ? "binding" : s.attribute === "expected" ? "expected" : null,
      baseline: s.baseline,
      target: s.target,
      actuals: Object.fromEntries(
        s.observations.map((o) => [o.year, o.value ?? (o.met === null ? null : o.met ? "达标" : "未达标")]),
      ),
      statusLabel: s.label,
    })),
  };
}

/** What importing one row would do. */
export interface LedgerRowPlan {
  rowNumber: number;
  taskId: string | null;
  unitId: string | null;
  action: "create" | "update" | "unchanged" | "skip";
  problems: string[];
}

/** The plan of an import and, for a real run, how many reports were written. */
export interface LedgerImportResult {
  dryRun: boolean;
  rows: LedgerRowPlan[];
  applied: number;
}

function contentOf(row: LedgerImportRow, previous: ReportContent | null): ReportContent {
  return {
    status: row.status ?? previous?.status ?? "not_started",
    progress: row.progress ?? previous?.progress ?? 0,
    narrative: row.narrative,
    measures: row.measures ?? previous?.measures ?? "",
    problems: row.problems,
    nextSteps: row.nextSteps,
    reason: previous?.reason ?? (row.status === "blocked" ? row.problems || null : null),
  };
}

function sameContent(a: ReportContent, b: ReportContent): boolean {
  return (
    a.status === b.status &&
    a.progress === b.progress &&
    a.narrative === b.narrative &&
    a.measures === b.measures &&
    a.problems === b.problems &&
    a.nextSteps === b.nextSteps
  );
}

/**
 * Imports 台账 rows into a period as submitted reports. Each row must name an expected report of
 * the period; rows with problems, reports already submitted, accepted or locked, and units whose
 * period is closed are skipped with the reason. A dry run writes nothing; a real run writes every
 * valid row in one transaction with one audit row.
 */
export async function importLedger(
  ctx: TrackContext,
  period: PeriodRecord,
  rows: readonly LedgerImportRow[],
  sheetProblems: readonly { rowNumber: number; column: string; message: string }[],
  dryRun: boolean,
): Promise<LedgerImportResult> {
  return ctx.transaction(async (trx) => {
    const scope = { db: trx, regionId: ctx.actor.regionId };
    const expected = new Map<string, ExpectedReport>(
      (await expectedReports(scope, period)).map((e) => [`${e.taskId}|${e.unitId}`, e]),
    );
    const plans: LedgerRowPlan[] = [];
    let applied = 0;
    const seen = new Set<string>();
    for (const row of rows) {
      const problems = sheetProblems
        .filter((p) => p.rowNumber === row.rowNumber)
        .map((p) => `${p.column}：${p.message}`);
      const plan: LedgerRowPlan = {
        rowNumber: row.rowNumber,
        taskId: row.key?.taskId ?? null,
        unitId: row.key?.unitId ?? null,
        action: "skip",
        problems,
      };
      plans.push(plan);
      if (!row.key) continue;
      const key = `${row.key.taskId}|${row.key.unitId}`;
      const slot = expected.get(key);
      if (!slot) {
        problems.push("该行不是本周期的应报事项（任务或单位不符）");
        continue;
      }
      if (seen.has(key)) {
        problems.push("同一任务和单位出现多行");
        continue;
      }
      seen.add(key);
      if (problems.length > 0) continue;
      const previous = slot.reportId
        ? reportOf(
            await trx
              .selectFrom("reports")
              .selectAll()
              .where("region_id", "=", scope.regionId)
              .where("id", "=", slot.reportId)
              .executeTakeFirstOrThrow(),
          )
        : null;
      const blank =
        row.status === null &&
        row.progress === null &&
        !row.narrative &&
        !row.measures &&
        !row.problems &&
        !row.nextSteps;
      // A row the unit left empty reports nothing: it neither creates nor clears a report.
      if (blank) {
        plan.action = "unchanged";
        continue;
      }
      const content = contentOf(row, previous);
      if (previous && sameContent(previous, content)) {
        plan.action = "unchanged";
        continue;
      }
      if (previous && !(previous.workflow === "draft" || previous.workflow === "returned")) {
        problems.push("报告已报送或已审核，不能通过台账覆盖；如需修改请先退回");
        continue;
      }
      if (!(await periodWritable(scope, period, slot.unitId))) {
        problems.push("报送周期已关闭");
        continue;
      }
      const invalid = [...new Set([...reportProblems(content), ...submissionProblems(content)])];
      if (invalid.length > 0) {
        problems.push(...invalid);
        continue;
      }
      plan.action = previous ? "update" : "create";
      if (dryRun) continue;
      try {
        const id =
          previous?.id ??
          (
            await insertReport(ctx, trx, {
              periodId: period.id,
              taskId: slot.taskId,
              unitId: slot.unitId,
              consolidated: false,
            })
          ).id;
        await applyTransition(ctx, trx, id, "import", null, { content });
        applied++;
      } catch (error) {
        if (!isTrackError(error)) throw error;
        plan.action = "skip";
        problems.push(error.message);
      }
    }
    await ctx.audit(trx, {
      objectId: period.id,
      detail: {
        dryRun,
        rows: rows.length,
        applied,
        skipped: plans.filter((p) => p.action === "skip").length,
      },
    });
    return { dryRun, rows: plans, applied };
  });
}
