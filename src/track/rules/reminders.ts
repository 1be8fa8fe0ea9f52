/**
 * When reminders (督办单) go out for a due date: 21, 7 and 1 days before it, and the day after.
 */
import { addDays, type IsoDate } from "./dates.js";

/** Which reminder of the schedule. */
export type ReminderKind = "before_21" | "before_7" | "before_1" | "overdue_1";

/** Chinese wording of each reminder, as the 督办单 says it. */
export const REMINDER_LABELS: Readonly<Record<ReminderKind, string>> = {
  before_21: "距报送截止还有21天",
  before_7: "距报送截止还有7天",
  before_1: "明天报送截止",
  overdue_1: "已逾期未报送",
};

/** Offsets in days from the due date, in schedule order. */
export const REMINDER_OFFSETS: Readonly<Record<ReminderKind, number>> = {
  before_21: -21,
  before_7: -7,
  before_1: -1,
  overdue_1: 1,
};

/** A reminder of the schedule and the day it goes out. */
export interface ScheduledReminder {
  kind: ReminderKind;
  sendOn: IsoDate;
}

/** The four reminders of a due date, earliest first. */
export function reminderSchedule(due: IsoDate): ScheduledReminder[] {
  return (Object.keys(REMINDER_OFFSETS) as ReminderKind[]).map((kind) => ({
    kind,
    sendOn: addDays(due, REMINDER_OFFSETS[kind]),
  }));
}

/**
 * The reminders due on `today` for a report not yet in. A run that missed a day catches up with
 * the latest reminder already due, never with the whole backlog (one late 督办单, not three).
 */
export function remindersDue(due: IsoDate, today: IsoDate, sent: ReadonlySet<ReminderKind>): ReminderKind[] {
  const past = reminderSchedule(due).filter((r) => r.sendOn <= today);
  const latest = past.at(-1);
  if (!latest || sent.has(latest.kind)) return [];
  return [latest.kind];
}
