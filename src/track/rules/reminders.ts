/**
 * When reminders (督办单) go out for a due date: at each offset of the region's schedule, in days
 * from the due date (negative: before it). The default schedule is 21, 7 and 1 days before and the
 * day after; the 督查室 may set another (设置).
 */
import { addDays, type IsoDate } from "./dates.js";

/** Which reminder of a schedule: `before_N` days, `due_0` on the day, `overdue_N` days after. */
export type ReminderKind = `before_${number}` | "due_0" | `overdue_${number}`;

/** Offsets in days from the due date, earliest first, unless the supervisor sets another schedule. */
export const DEFAULT_REMINDER_OFFSETS: readonly number[] = [-21, -7, -1, 1];

/** Lowest and highest offset a schedule may hold (a month before to a quarter after). */
export const REMINDER_OFFSET_RANGE = { min: -30, max: 90 } as const;

/** The kind of the reminder sent `offset` days from the due date. */
export function reminderKind(offset: number): ReminderKind {
  if (offset < 0) return `before_${-offset}`;
  if (offset === 0) return "due_0";
  return `overdue_${offset}`;
}

/** The offset a kind was sent for (the inverse of `reminderKind`). */
export function reminderOffset(kind: ReminderKind): number {
  const [side, days] = kind.split("_") as [string, string];
  return side === "before" ? -Number(days) : Number(days);
}

/** Chinese wording of a reminder, as the 督办单 says it. */
export function reminderLabel(kind: ReminderKind): string {
  const offset = reminderOffset(kind);
  if (offset === -1) return "明天报送截止";
  if (offset < 0) return `距报送截止还有${-offset}天`;
  if (offset === 0) return "今天报送截止";
  if (offset === 1) return "已逾期未报送";
  return `已逾期${offset}天未报送`;
}

/** A reminder of the schedule and the day it goes out. */
export interface ScheduledReminder {
  kind: ReminderKind;
  sendOn: IsoDate;
}

/** The reminders of a due date under `offsets`, earliest first. */
export function reminderSchedule(
  due: IsoDate,
  offsets: readonly number[] = DEFAULT_REMINDER_OFFSETS,
): ScheduledReminder[] {
  return [...new Set(offsets)]
    .sort((a, b) => a - b)
    .map((offset) => ({ kind: reminderKind(offset), sendOn: addDays(due, offset) }));
}

/**
 * The reminders due on `today` for a report not yet in. A run that missed a day catches up with
 * the latest reminder already due, never with the whole backlog (one late 督办单, not three).
 */
export function remindersDue(
  due: IsoDate,
  today: IsoDate,
  sent: ReadonlySet<string>,
  offsets: readonly number[] = DEFAULT_REMINDER_OFFSETS,
): ReminderKind[] {
  const past = reminderSchedule(due, offsets).filter((r) => r.sendOn <= today);
  const latest = past.at(-1);
  if (!latest || sent.has(latest.kind)) return [];
  return [latest.kind];
}
