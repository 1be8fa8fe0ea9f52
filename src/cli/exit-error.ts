/** A failure the CLI reports as one line and an exit code, without a stack trace. */
export class ExitError extends Error {
  constructor(
    message: string,
    readonly code: number = 1,
  ) {
    super(message);
    this.name = "ExitError";
  }
}
