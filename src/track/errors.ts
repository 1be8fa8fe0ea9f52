/** Failures of the reporting services, with a stable code the server maps to an HTTP status. */

/** What went wrong. */
export type TrackErrorCode =
  | "NOT_FOUND"
  | "VERSION_CONFLICT"
  | "PERIOD_CLOSED"
  | "REPORT_LOCKED"
  | "INVALID_TRANSITION"
  | "REPORT_INVALID"
  | "NOT_ASSIGNED";

/** A reporting failure; `current` carries the report as stored for a version conflict. */
export class TrackError extends Error {
  constructor(
    readonly code: TrackErrorCode,
    message: string,
    readonly current?: unknown,
    readonly problems?: string[],
  ) {
    super(message);
    this.name = "TrackError";
  }
}

/** True when `error` is a TrackError. */
export function isTrackError(error: unknown): error is TrackError {
  return error instanceof TrackError;
}
