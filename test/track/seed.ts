/**
 * One row in every reporting table of a region (for suites that need the whole schema filled, such
 * as backup and restore), written through the track services as the command line would.
 */
import type { Kysely } from "kysely";
import { cliTrackContext } from "../../src/cli/commands/track-context.js";
import type { Database } from "../../src/store/index.js";
import { addChecklistItem, selfEvaluate } from "../../src/track/evaluation.js";
import { attachEvidence } from "../../src/track/evidence.js";
import { recordObservation } from "../../src/track/indicators.js";
import { grantException, openYear } from "../../src/track/periods.js";
import { openReport, saveReport, submitReport } from "../../src/track/reports.js";
import { generateReminders } from "../../src/track/supervision.js";
import { attachEvaluationFile } from "../../src/track/evaluation-files.js";
import { setIndicatorUnits } from "../../src/track/indicator-units.js";
import { updateRegionSettings } from "../../src/track/settings.js";

/**
 * Fills periods, exceptions, reports and versions, evidence, observations, reminders with their
 * deliveries, indicator responsibility, checklist, evidence files, self-evaluations and the
 * region's supervision settings.
 */
export async function seedReporting(db: Kysely<Database>, regionId: string): Promise<void> {
  const ctx = cliTrackContext(db, regionId, "seed");
  // The default schedule, stored, so the settings table has its row.
  await updateRegionSettings(ctx, { yellowDays: 7, reminderOffsets: [-21, -7, -1, 1] });
  const assignment = await db
    .selectFrom("assignments")
    .select(["document_id", "task_id", "unit_id"])
    .where("region_id", "=", regionId)
    .where("unit_id", "is not", null)
    .orderBy("document_id")
    .orderBy("seq")
    .executeTakeFirstOrThrow();
  // A period due in 10 days, so today's reminder run sends the 21-day one.
  const due = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  const { created } = await openYear(ctx, assignment.document_id, Number(due.slice(0, 4)), [
    {
      kind: "checkpoint",
      label: "备份测试节点",
      start: `${due.slice(0, 4)}-01-01`,
      end: due,
      due,
      source: "seed",
    },
  ]);
  const period = created[0]!;
  await generateReminders(ctx, { periodId: period.id });
  await grantException(ctx, period.id, assignment.unit_id!, "补报");
  const reporter = { ...ctx, actor: { ...ctx.actor, role: "reporter" as const, unitId: assignment.unit_id } };
  const { report } = await openReport(reporter, {
    periodId: period.id,
    taskId: assignment.task_id,
    unitId: assignment.unit_id!,
    consolidated: false,
  });
  await saveReport(reporter, report.id, 1, {
    status: "in_progress",
    progress: 30,
    narrative: "已启动",
    measures: "",
    problems: "",
    nextSteps: "",
    reason: null,
  });
  await submitReport(reporter, report.id, 2);
  await attachEvidence(reporter, report.id, {
    bytes: new TextEncoder().encode("会议纪要"),
    filename: "纪要.txt",
    mediaType: "text/plain; charset=utf-8",
  });
  const indicator = await db
    .selectFrom("indicators")
    .select("id")
    .where("region_id", "=", regionId)
    .executeTakeFirst();
  if (indicator) {
    await recordObservation(ctx, indicator.id, { year: 2024, value: 1.5, source: "统计局" });
    await setIndicatorUnits(ctx, indicator.id, [{ unitId: assignment.unit_id!, role: "lead" }]);
  }
  const item = await addChecklistItem(ctx, period.id, {
    item: "建立台账",
    points: 10,
    evidenceRequired: false,
  });
  await attachEvaluationFile(reporter, item.id, assignment.unit_id!, {
    bytes: new TextEncoder().encode("台账"),
    filename: "台账.txt",
    mediaType: "text/plain; charset=utf-8",
  });
  await selfEvaluate(reporter, item.id, assignment.unit_id!, { points: 8, note: "已建立" });
}
