/** Where the server reads the time; tests pass a fake one to cross timeouts without waiting. */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that moves only when told; for tests.
 *
 * @example
 * const clock = new FakeClock(new Date("2025-01-01T00:00:00Z"));
 * clock.advance(31 * 60_000); // 31 minutes later
 */
export class FakeClock implements Clock {
  private ms: number;

  constructor(start: Date = new Date()) {
    this.ms = start.getTime();
  }

  now(): Date {
    return new Date(this.ms);
  }

  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.ms += ms;
  }

  /** Sets the clock to `at`. */
  set(at: Date): void {
    this.ms = at.getTime();
  }
}

/** RFC 3339 with the server's UTC offset, e.g. `2025-03-01T09:30:00.000+08:00` (audit times). */
export function isoWithOffset(at: Date): string {
  const offsetMin = -at.getTimezoneOffset();
  const local = new Date(at.getTime() + offsetMin * 60_000);
  const sign = offsetMin >= 0 ? "+" : "-";
  const abs = Math.abs(offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${local.toISOString().slice(0, -1)}${sign}${hh}:${mm}`;
}
