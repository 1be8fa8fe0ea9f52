/**
 * Calendar dates as ISO `YYYY-MM-DD` strings (the reporting cycle thinks in days, not instants),
 * with arithmetic in UTC so no time zone moves a due date.
 */

/** An ISO calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

const DAY_MS = 86_400_000;

function toMs(date: IsoDate): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

function fromMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `date` moved by `days` (negative: earlier). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromMs(toMs(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toMs(to) - toMs(from)) / DAY_MS);
}

/** The last day of a month (`month` 1–12). */
export function monthEnd(year: number, month: number): IsoDate {
  return fromMs(Date.UTC(year, month, 0));
}

/** The first day of a month (`month` 1–12). */
export function monthStart(year: number, month: number): IsoDate {
  return fromMs(Date.UTC(year, month - 1, 1));
}

/** The calendar day of an instant in China Standard Time (UTC+8, no daylight saving). */
export function chinaDate(at: Date): IsoDate {
  return fromMs(at.getTime() + 8 * 3_600_000);
}

/** An ISO date or month (`YYYY-MM`, read as its last day) as a date, or null when malformed. */
export function dueDateOf(value: string): IsoDate | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) return value;
  const month = /^(\d{4})-(\d{2})$/.exec(value);
  if (month) return monthEnd(Number(month[1]), Number(month[2]));
  return null;
}
