import { IngestError } from "./errors.js";

/** A point in time after which DOCX/PDF work stops with `INGEST_TIMEOUT`. */
export class Deadline {
  private readonly at: number;

  constructor(readonly timeoutMs: number) {
    this.at = performance.now() + timeoutMs;
  }

  /** Milliseconds left, never negative. */
  remaining(): number {
    return Math.max(0, this.at - performance.now());
  }

  /** Throws `INGEST_TIMEOUT` once the time is up; cheap enough to call in loops. */
  check(): void {
    if (performance.now() > this.at) {
      throw new IngestError("INGEST_TIMEOUT", `time limit of ${this.timeoutMs} ms exceeded`);
    }
  }
}

/** A deadline that never expires (for pure helpers called outside `ingest()`). */
export const NO_DEADLINE = new Deadline(Number.POSITIVE_INFINITY);
