/**
 * The supervision office's views of a period: reporting rates per unit (DHIS2), also across every
 * period of the region; tasks by light with their missing units; and reminders (督办单) generated on
 * their days, delivered in-app and by e-mail, each delivery attempt logged.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { TrackContext, TrackScope } from "./context.js";
import { expectedReports, type ExpectedReport } from "./expected.js";
import { getPeriod, listPeriods, type PeriodRecord } from "./periods.js";
import { addDays, chinaDate, type IsoDate } from "./rules/dates.js";
import { taskLight, worstLight, type Light } from "./rules/light.js";
import { reportingRates, sumCounts, type ReportingRates } from "./rules/rates.js";
import { failureReason, type ReminderMailer } from "./mailer.js";
import { composeReminderMail } from "./rules/reminder-mail.js";
import { reminderLabel, remindersDue, type ReminderKind } from "./rules/reminders.js";
import { getRegionSettings } from "./settings.js";
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
  yellowDays: number,
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

/**
 * The period's tasks by light as of the clock's day in Beijing, turning yellow `yellowDays` before
 * the deadline: as asked, else as the region's settings say.
 */
export async function periodLights(
  scope: TrackScope,
  period: PeriodRecord,
  now: Date,
  yellowDays?: number,
): Promise<{ today: IsoDate; yellowDays: number; tasks: TaskLightRow[] }> {
  const today = chinaDate(now);
  const days = yellowDays ?? (await getRegionSettings(scope)).yellowDays;
  return { today, yellowDays: days, tasks: taskLights(await expectedReports(scope, period), today, days) };
}

/** How one delivery attempt of a reminder ended; `pending` only between the run's commit and its send. */
export type DeliveryStatus = "pending" | "sent" | "failed" | "skipped";

/** One delivery attempt: in-app to the unit, or one e-mail to one account. */
export interface DeliveryRecord {
  id: string;
  reminderId: string;
  channel: "in_app" | "email";
  /** The unit's name (in-app) or the e-mail address. */
  recipient: string;
  status: DeliveryStatus;
  reason: string | null;
  attemptedAt: Date;
}

/** A reminder as stored, with its delivery attempts. */
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
  deliveries: DeliveryRecord[];
}

/** How reminders leave: in-app always; by e-mail through `mailer` when an SMTP server is configured. */
export interface ReminderDelivery {
  mailer: ReminderMailer | null;
  /** Who signs the e-mail (default 督查室). */
  sender?: string;
}

const NO_SMTP = "SMTP 未配置，未发送邮件";
const NO_ADDRESS = "本单位账户均未登记邮箱";
const INTERRUPTED = "发送过程中断，邮件未发出；已过提醒当日，不再补发";

/** An e-mail still `pending` after this long belongs to a run that ended before it could send it. */
const STALE_PENDING_MS = 10 * 60_000;

interface PendingMail {
  deliveryId: string;
  to: string;
  reminder: ReminderRecord;
  unitName: string;
  taskText: string;
  period: PeriodRecord;
}

/**
 * Generates today's reminders for every expected report not yet received, in the given period or
 * in every open period of the region; each reminder is stored (the log) once per kind and slot,
 * with its in-app delivery, in one audited transaction. E-mails are sent after that commit, one
 * per account of the unit with an address, and each attempt's outcome is written to the log: an
 * unreachable or refusing SMTP server costs the e-mail, never the reminder.
 */
export async function generateReminders(
  ctx: TrackContext,
  options: { periodId?: string | undefined; delivery?: ReminderDelivery },
): Promise<ReminderRecord[]> {
  const scope = { db: ctx.db, regionId: ctx.actor.regionId };
  const today = chinaDate(ctx.clock.now());
  const mailer = options.delivery?.mailer ?? null;
  const periods = options.periodId
    ? [await getPeriod(scope, options.periodId)]
    : (await listPeriods(scope)).filter((p) => p.status === "open");
  // Only periods whose schedule can fire today: from its first offset to its last.
  const offsets = (await getRegionSettings(scope)).reminderOffsets;
  const first = offsets[0];
  const last = offsets.at(-1);
  const live =
    first === undefined || last === undefined
      ? []
      : periods.filter((p) => addDays(p.due, first) <= today && today <= addDays(p.due, last));
  const delivery = mailer ? "站内消息已送达；邮件见投递记录" : `站内消息已送达；${NO_SMTP}`;
  const pending: PendingMail[] = [];
  let closed = 0;
  const created = await ctx.transaction(async (trx) => {
    const out: ReminderRecord[] = [];
    const now = ctx.clock.now();
    const interrupted = await reclaimInterrupted(
      { db: trx, regionId: scope.regionId },
      now,
      today,
      mailer !== null,
    );
    pending.push(...interrupted.resend);
    closed = interrupted.closed;
    const addressesOf = await unitAddresses(trx, scope.regionId);
    for (const period of live) {
      const sent = new Map<string, Set<string>>();
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
        for (const kind of remindersDue(
          e.due,
          today,
          sent.get(`${e.taskId}|${e.unitId}`) ?? new Set(),
          offsets,
        )) {
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
          const reminder = reminderOf(row, []);
          const attempt = (
            channel: "in_app" | "email",
            recipient: string,
            status: DeliveryStatus,
            reason: string | null,
            userId: string | null = null,
          ) => {
            const d = {
              region_id: scope.regionId,
              id: randomUUID(),
              reminder_id: row.id,
              channel,
              recipient,
              user_id: userId,
              status,
              reason,
              attempted_at: now,
            };
            reminder.deliveries.push(deliveryOf(d));
            return d;
          };
          const rows = [attempt("in_app", e.unitName, "sent", null)];
          const addresses = addressesOf.get(e.unitId) ?? [];
          if (!mailer) rows.push(attempt("email", e.unitName, "skipped", NO_SMTP));
          else if (addresses.length === 0) rows.push(attempt("email", e.unitName, "skipped", NO_ADDRESS));
          else
            for (const a of addresses) {
              const d = attempt("email", a.email, "pending", null, a.userId);
              rows.push(d);
              pending.push({
                deliveryId: d.id,
                to: a.email,
                reminder,
                unitName: e.unitName,
                taskText: e.taskText,
                period,
              });
            }
          await trx.insertInto("reminder_deliveries").values(rows).execute();
          out.push(reminder);
        }
      }
    }
    const resent = interrupted.resend.length;
    await ctx.audit(trx, {
      objectId: options.periodId ?? null,
      after: {
        today,
        created: out.length,
        emails: pending.length - resent,
        ...(resent > 0 ? { resent } : {}),
        ...(closed > 0 ? { closed } : {}),
      },
    });
    return out;
  });
  if (mailer && pending.length > 0)
    await sendPending(ctx, scope, mailer, pending, today, options.delivery?.sender);
  return created;
}

/**
 * E-mails that a run committed as `pending` but never logged as sent or failed: the process ended
 * between the run's commit and the send. Those of today's reminders are claimed to be sent again
 * (their `attempted_at` moves to now, so a concurrent run leaves them alone); those of earlier days
 * are closed as failed, since a reminder for a past day would arrive out of date; without an SMTP
 * server, today's are closed as skipped. Runs in the reminder run's transaction.
 */
async function reclaimInterrupted(
  scope: TrackScope,
  now: Date,
  today: IsoDate,
  canSend: boolean,
): Promise<{ resend: PendingMail[]; closed: number }> {
  const staleBefore = new Date(now.getTime() - STALE_PENDING_MS);
  const stale = (sendOn: "<" | "=") =>
    scope.db
      .updateTable("reminder_deliveries")
      .where("region_id", "=", scope.regionId)
      .where("channel", "=", "email")
      .where("status", "=", "pending")
      .where("attempted_at", "<", staleBefore)
      .where("reminder_id", "in", (eb) =>
        eb
          .selectFrom("reminders")
          .select("id")
          .where("region_id", "=", scope.regionId)
          .where("send_on", sendOn, today),
      );
  const old = await stale("<")
    .set({ status: "failed", reason: INTERRUPTED, attempted_at: now })
    .executeTakeFirst();
  const closed = Number(old.numUpdatedRows);
  if (!canSend) {
    const skipped = await stale("=")
      .set({ status: "skipped", reason: NO_SMTP, attempted_at: now })
      .executeTakeFirst();
    return { resend: [], closed: closed + Number(skipped.numUpdatedRows) };
  }
  const claimed = await stale("=")
    .set({ attempted_at: now })
    .returning(["id", "reminder_id", "recipient"])
    .execute();
  if (claimed.length === 0) return { resend: [], closed };
  const rows = await scope.db
    .selectFrom("reminders as r")
    .innerJoin("units as u", (join) =>
      join.onRef("u.region_id", "=", "r.region_id").onRef("u.id", "=", "r.unit_id"),
    )
    .innerJoin("tasks as t", (join) =>
      join.onRef("t.region_id", "=", "r.region_id").onRef("t.id", "=", "r.task_id"),
    )
    .select([
      "r.id",
      "r.period_id",
      "r.task_id",
      "r.unit_id",
      "r.kind",
      "r.due_date",
      "r.send_on",
      "r.channel",
      "r.delivery",
      "u.canonical_name as unit_name",
      "t.text as task_text",
    ])
    .where("r.region_id", "=", scope.regionId)
    .where("r.id", "in", [...new Set(claimed.map((c) => c.reminder_id))])
    .execute();
  const reminders = new Map(rows.map((r) => [r.id, r]));
  const periods = new Map<string, PeriodRecord>();
  const resend: PendingMail[] = [];
  for (const c of claimed) {
    const r = reminders.get(c.reminder_id)!;
    let period = periods.get(r.period_id);
    if (!period) {
      period = await getPeriod(scope, r.period_id);
      periods.set(r.period_id, period);
    }
    resend.push({
      deliveryId: c.id,
      to: c.recipient,
      reminder: reminderOf({ ...r, kind: r.kind as ReminderKind }, []),
      unitName: r.unit_name,
      taskText: r.task_text,
      period,
    });
  }
  return { resend, closed };
}

/** E-mail addresses of the enabled accounts of each unit. */
async function unitAddresses(
  db: TrackScope["db"],
  regionId: string,
): Promise<Map<string, { userId: string; email: string }[]>> {
  const rows = await db
    .selectFrom("users")
    .select(["id", "unit_id", "email"])
    .where("region_id", "=", regionId)
    .where("unit_id", "is not", null)
    .where("email", "is not", null)
    .where("disabled_at", "is", null)
    .orderBy("username_norm")
    .execute();
  const map = new Map<string, { userId: string; email: string }[]>();
  for (const r of rows) {
    const list = map.get(r.unit_id!) ?? [];
    list.push({ userId: r.id, email: r.email! });
    map.set(r.unit_id!, list);
  }
  return map;
}

// Sent one by one after the commit: a slow server must not hold the transaction (and, on PGlite,
// every other request) while it answers.
async function sendPending(
  ctx: TrackContext,
  scope: TrackScope,
  mailer: ReminderMailer,
  pending: readonly PendingMail[],
  today: IsoDate,
  sender: string | undefined,
): Promise<void> {
  const documents = new Map<string, { title: string | null; doc_number: string | null }>();
  for (const p of pending) {
    if (documents.has(p.period.documentId)) continue;
    const doc = await scope.db
      .selectFrom("documents")
      .select(["title", "doc_number"])
      .where("region_id", "=", scope.regionId)
      .where("id", "=", p.period.documentId)
      .executeTakeFirst();
    documents.set(p.period.documentId, doc ?? { title: null, doc_number: null });
  }
  try {
    for (const p of pending) {
      const doc = documents.get(p.period.documentId)!;
      const mail = composeReminderMail({
        unitName: p.unitName,
        documentTitle: doc.title ?? "",
        docNumber: doc.doc_number,
        periodLabel: p.period.label,
        taskText: p.taskText,
        due: p.reminder.due,
        today,
        kind: p.reminder.kind,
        ...(sender ? { sender } : {}),
      });
      let status: DeliveryStatus = "sent";
      let reason: string | null = null;
      try {
        await mailer.send({ to: p.to, ...mail });
      } catch (error) {
        status = "failed";
        reason = failureReason(error);
      }
      const attemptedAt = ctx.clock.now();
      await scope.db
        .updateTable("reminder_deliveries")
        .set({ status, reason, attempted_at: attemptedAt })
        .where("region_id", "=", scope.regionId)
        .where("id", "=", p.deliveryId)
        .execute();
      const record = p.reminder.deliveries.find((d) => d.id === p.deliveryId);
      if (record) Object.assign(record, { status, reason, attemptedAt });
    }
  } finally {
    mailer.close();
  }
}

function deliveryOf(r: {
  id: string;
  reminder_id: string;
  channel: "in_app" | "email";
  recipient: string;
  status: DeliveryStatus;
  reason: string | null;
  attempted_at: Date;
}): DeliveryRecord {
  return {
    id: r.id,
    reminderId: r.reminder_id,
    channel: r.channel,
    recipient: r.recipient,
    status: r.status,
    reason: r.reason,
    attemptedAt: r.attempted_at,
  };
}

function reminderOf(
  r: {
    id: string;
    period_id: string;
    task_id: string;
    unit_id: string;
    kind: ReminderKind;
    due_date: string;
    send_on: string;
    channel: "in_app" | "email";
    delivery: string;
  },
  deliveries: DeliveryRecord[],
): ReminderRecord {
  return {
    id: r.id,
    periodId: r.period_id,
    taskId: r.task_id,
    unitId: r.unit_id,
    kind: r.kind,
    message: reminderLabel(r.kind),
    due: r.due_date,
    sendOn: r.send_on,
    channel: r.channel,
    delivery: r.delivery,
    deliveries,
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
  if (rows.length === 0) return [];
  const attempts = await scope.db
    .selectFrom("reminder_deliveries")
    .select(["id", "reminder_id", "channel", "recipient", "status", "reason", "attempted_at"])
    .where("region_id", "=", scope.regionId)
    .where(
      "reminder_id",
      "in",
      rows.map((r) => r.id),
    )
    .orderBy("attempted_at")
    .orderBy("channel", "desc")
    .orderBy("recipient")
    .execute();
  const byReminder = new Map<string, DeliveryRecord[]>();
  for (const a of attempts) {
    const list = byReminder.get(a.reminder_id) ?? [];
    list.push(deliveryOf(a));
    byReminder.set(a.reminder_id, list);
  }
  // The column's check constraint admits only the kinds of `reminderKind`.
  return rows.map((r) => reminderOf({ ...r, kind: r.kind as ReminderKind }, byReminder.get(r.id) ?? []));
}

/** One unit's reporting counts and rates over every period of a date range. */
export interface RegionUnitRates extends ReportingRates {
  unitId: string;
  unitName: string;
  /** Periods (of any document) in which the unit owed at least one report. */
  periods: number;
  /** Documents among them. */
  documents: number;
}

/** Reporting rates of the region's units across documents, for periods due in `[from, to]`. */
export interface RegionRates {
  from: IsoDate;
  to: IsoDate;
  periods: number;
  documents: number;
  units: RegionUnitRates[];
  total: ReportingRates;
}

/**
 * Reporting rates per unit over every period of every document of the region whose due date lies
 * in `[from, to]` — the DHIS2 definitions of `periodRates`, each report judged against its own
 * period's due date (end of the day, Beijing). `unitId` confines the view to one unit.
 */
export async function regionRates(
  scope: TrackScope,
  range: { from: IsoDate; to: IsoDate },
  unitId?: string | null,
): Promise<RegionRates> {
  const unitFilter = unitId ? sql`AND a.unit_id = ${unitId}` : sql``;
  const result = await sql<{
    unit_id: string;
    canonical_name: string;
    expected: number;
    submitted: number;
    on_time: number;
    periods: number;
    documents: number;
  }>`
    WITH p AS (
      SELECT id, document_id, due_date FROM periods
      WHERE region_id = ${scope.regionId} AND due_date BETWEEN ${range.from}::date AND ${range.to}::date
    ),
    e AS (
      SELECT DISTINCT p.id AS period_id, p.document_id, p.due_date, a.task_id, a.unit_id
      FROM p
      JOIN assignments a ON a.region_id = ${scope.regionId} AND a.document_id = p.document_id
        AND a.unit_id IS NOT NULL ${unitFilter}
      JOIN tasks t ON t.region_id = a.region_id AND t.id = a.task_id AND t.status = 'active'
    )
    SELECT e.unit_id, u.canonical_name,
           count(*)::int AS expected,
           count(r.id) FILTER (WHERE r.workflow IN ('submitted', 'accepted', 'locked'))::int AS submitted,
           count(r.id) FILTER (WHERE r.workflow IN ('submitted', 'accepted', 'locked')
             AND r.first_submitted_at < (((e.due_date + 1)::text || 'T00:00:00+08:00')::timestamptz))::int AS on_time,
           count(DISTINCT e.period_id)::int AS periods,
           count(DISTINCT e.document_id)::int AS documents
    FROM e
    JOIN units u ON u.region_id = ${scope.regionId} AND u.id = e.unit_id
    LEFT JOIN reports r ON r.region_id = ${scope.regionId} AND r.period_id = e.period_id
      AND r.task_id = e.task_id AND r.unit_id = e.unit_id AND NOT r.consolidated
    GROUP BY e.unit_id, u.canonical_name
    ORDER BY u.canonical_name
  `.execute(scope.db);
  const counted = await sql<{ periods: number; documents: number }>`
    SELECT count(*)::int AS periods, count(DISTINCT document_id)::int AS documents FROM periods
    WHERE region_id = ${scope.regionId} AND due_date BETWEEN ${range.from}::date AND ${range.to}::date
  `.execute(scope.db);
  const units = result.rows.map((r) => ({
    unitId: r.unit_id,
    unitName: r.canonical_name,
    periods: Number(r.periods),
    documents: Number(r.documents),
    ...reportingRates({
      expected: Number(r.expected),
      submitted: Number(r.submitted),
      onTime: Number(r.on_time),
    }),
  }));
  // A department's view counts only the periods and documents where it owed something.
  const own = unitId ? units[0] : undefined;
  return {
    from: range.from,
    to: range.to,
    periods: unitId ? (own?.periods ?? 0) : Number(counted.rows[0]?.periods ?? 0),
    documents: unitId ? (own?.documents ?? 0) : Number(counted.rows[0]?.documents ?? 0),
    units,
    total: reportingRates(sumCounts(units)),
  };
}
