/**
 * The supervision office's views of a period: reporting rates per unit (DHIS2), tasks by light
 * with their missing units, and reminders (督办单) generated on their days and logged.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { TrackContext, TrackScope } from "./context.js";
import { expectedReports, type ExpectedReport } from "./expected.js";
import { getPeriod, listPeriods, type PeriodRecord } from "./periods.js";
import { addDays, chinaDate, type IsoDate } from "./rules/dates.js";
import { taskLight, worstLight, type Light } from "./rules/light.js";
import { reportingRates, sumCounts, type ReportingRates } from "./rules/rates.js";
import { REMINDER_LABELS, remindersDue, type ReminderKind } from "./rules/reminders.js";
import { isReceived } from "./rules/workflow.js";

/** The instant a due date ends: midnight after it, Beijing time. */
export function dueDeadline(due: IsoDate): Date {
  return new Date(`${addDays(due, 1)}T00:00:00+08:00`);
}

/** One unit's counts and rates in a period, with completed and returned reports for evaluation. */
export interface UnitRates extends ReportingRates {
  unitId: string;
  unitName: string;
  /** Reports accepted (or locked) with status 已完成. */
  completed: number;
  /** Reports returned at least once. */
  returned: number;
}

/** Reporting rates of every unit of the period, and the total. */
export async function periodRates(
  scope: TrackScope,
  period: PeriodRecord,
): Promise<{ units: UnitRates[]; total: ReportingRates }> {
  const deadline = dueDeadline(period.due);
  const result = await sql<{
    unit_id: string;
    canonical_name: string;
    expected: number;
    submitted: number;
    on_time: number;
    completed: number;
    returned: number;
  }>`
    SELECT e.unit_id, u.canonical_name,
           count(*)::int AS expected,
           count(r.id) FILTER (WHERE r.workflow IN ('submitted', 'accepted', 'locked'))::int AS submitted,
           count(r.id) FILTER (WHERE r.workflow IN ('submitted', 'accepted', 'locked')
                                 AND r.first_submitted_at < ${deadline})::int AS on_time,
           count(r.id) FILTER (WHERE r.workflow IN ('accepted', 'locked') AND r.status = 'completed')::int AS completed,
           count(r.id) FILTER (WHERE r.return_count > 0)::int AS returned
    FROM (
      SELECT DISTINCT a.task_id, a.unit_id
      FROM assignments a
      JOIN tasks t ON t.region_id = a.region_id AND t.id = a.task_id AND t.status = 'active'
      WHERE a.region_id = ${scope.regionId} AND a.document_id = ${period.documentId} AND a.unit_id IS NOT NULL
    ) e
    JOIN units u ON u.region_id = ${scope.regionId} AND u.id = e.unit_id
    LEFT JOIN reports r ON r.region_id = ${scope.regionId} AND r.period_id = ${period.id}
      AND r.task_id = e.task_id AND r.unit_id = e.unit_id AND NOT r.consolidated
    GROUP BY e.unit_id, u.canonical_name
    ORDER BY u.canonical_name
  `.execute(scope.db);
  const units = result.rows.map((r) => ({
    unitId: r.unit_id,
    unitName: r.canonical_name,
    completed: Number(r.completed),
    returned: Number(r.returned),
    ...reportingRates({
      expected: Number(r.expected),
      submitted: Number(r.submitted),
      onTime: Number(r.on_time),
    }),
  }));
  return { units, total: reportingRates(sumCounts(units)) };
}

/** A task's light in a period and the units that still owe their report. */
export interface TaskLightRow {
  taskId: string;
  taskSeq: number;
  taskText: string;
  light: Light;
  due: string;
  missingUnits: { unitId: string; unitName: string }[];
  returnedTwice: boolean;
}

/** Every task of the period with its light (red first), from the expected reports. */
export function taskLights(
  expected: readonly ExpectedReport[],
  today: IsoDate,
  yellowDays?: number,
): TaskLightRow[] {
  const byTask = new Map<string, ExpectedReport[]>();
  for (const e of expected) {
    const list = byTask.get(e.taskId) ?? [];
    list.push(e);
    byTask.set(e.taskId, list);
  }
  const rank: Record<Light, number> = { red: 0, yellow: 1, green: 2 };
  return [...byTask.values()]
    .map((rows) => {
      const first = rows[0]!;
      const lights = rows.map((e) =>
        taskLight({
          today,
          due: e.due,
          reported: e.workflow !== null && isReceived(e.workflow),
          returnCount: e.returnCount,
          yellowDays,
        }),
      );
      return {
        taskId: first.taskId,
        taskSeq: first.taskSeq,
        taskText: first.taskText,
        light: worstLight(lights),
        due: first.due,
        missingUnits: rows
          .filter((e) => e.workflow === null || !isReceived(e.workflow))
          .map((e) => ({ unitId: e.unitId, unitName: e.unitName })),
        returnedTwice: rows.some((e) => e.returnCount >= 2),
      };
    })
    .sort((a, b) => rank[a.light] - rank[b.light] || a.taskSeq - b.taskSeq);
}

/** The period's tasks by light as of the clock's day in Beijing. */
export async function periodLights(
  scope: TrackScope,
  period: PeriodRecord,
  now: Date,
  yellowDays?: number,
): Promise<{ today: IsoDate; tasks: TaskLightRow[] }> {
  const today = chinaDate(now);
  return { today, tasks: taskLights(await expectedReports(scope, period), today, yellowDays) };
}

/** A reminder as stored. */
export interface ReminderRecord {
  id: string;
  periodId: string;
  taskId: string;
  unitId: string;
  kind: ReminderKind;
  message: string;
  due: string;
  sendOn: string;
  channel: "in_app" | "email";
  delivery: string;
}

/** How reminders leave: in-app always; by e-mail only when an SMTP server is configured. */
export interface ReminderDelivery {
  smtpConfigured: boolean;
}

/**
 * Generates today's reminders for every expected report not yet received, in the given period or
 * in every open period of the region; each reminder is stored (the log) once per kind and slot.
 */
export async function generateReminders(
  ctx: TrackContext,
  options: { periodId?: string | undefined; delivery?: ReminderDelivery },
): Promise<ReminderRecord[]> {
  const scope = { db: ctx.db, regionId: ctx.actor.regionId };
  const today = chinaDate(ctx.clock.now());
  const periods = options.periodId
    ? [await getPeriod(scope, options.periodId)]
    : (await listPeriods(scope)).filter((p) => p.status === "open");
  // Only periods whose schedule can fire today: from 21 days before the due date to the day after.
  const live = periods.filter((p) => addDays(p.due, -21) <= today && today <= addDays(p.due, 1));
  const delivery = options.delivery?.smtpConfigured
    ? "站内消息已送达"
    : "站内消息已送达；SMTP 未配置，未发送邮件";
  return ctx.transaction(async (trx) => {
    const created: ReminderRecord[] = [];
    for (const period of live) {
      const sent = new Map<string, Set<ReminderKind>>();
      const previous = await trx
        .selectFrom("reminders")
        .select(["task_id", "unit_id", "kind"])
        .where("region_id", "=", scope.regionId)
        .where("period_id", "=", period.id)
        .execute();
      for (const r of previous) {
        const key = `${r.task_id}|${r.unit_id}`;
        sent.set(key, (sent.get(key) ?? new Set()).add(r.kind));
      }
      for (const e of await expectedReports({ db: trx, regionId: scope.regionId }, period)) {
        if (e.workflow !== null && isReceived(e.workflow)) continue;
        for (const kind of remindersDue(e.due, today, sent.get(`${e.taskId}|${e.unitId}`) ?? new Set())) {
          const row = {
            region_id: scope.regionId,
            id: randomUUID(),
            period_id: period.id,
            task_id: e.taskId,
            unit_id: e.unitId,
            kind,
            due_date: e.due,
            send_on: today,
            channel: "in_app" as const,
            delivery,
          };
          await trx.insertInto("reminders").values(row).execute();
          created.push(reminderOf(row));
        }
      }
    }
    await ctx.audit(trx, {
      objectId: options.periodId ?? null,
      after: { today, created: created.length },
    });
    return created;
  });
}

function reminderOf(r: {
  id: string;
  period_id: string;
  task_id: string;
  unit_id: string;
  kind: ReminderKind;
  due_date: string;
  send_on: string;
  channel: "in_app" | "email";
  delivery: string;
}): ReminderRecord {
  return {
    id: r.id,
    periodId: r.period_id,
    taskId: r.task_id,
    unitId: r.unit_id,
    kind: r.kind,
    message: REMINDER_LABELS[r.kind],
    due: r.due_date,
    sendOn: r.send_on,
    channel: r.channel,
    delivery: r.delivery,
  };
}

/** Reminders of the region (of one unit or period when given), newest first. */
export async function listReminders(
  scope: TrackScope,
  filter: { unitId?: string | null | undefined; periodId?: string | undefined },
): Promise<ReminderRecord[]> {
  let query = scope.db.selectFrom("reminders").selectAll().where("region_id", "=", scope.regionId);
  if (filter.unitId) query = query.where("unit_id", "=", filter.unitId);
  if (filter.periodId) query = query.where("period_id", "=", filter.periodId);
  const rows = await query.orderBy("send_on", "desc").orderBy("created_at", "desc").limit(1000).execute();
  return rows.map(reminderOf);
}
