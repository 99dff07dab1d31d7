/**
 * Errors a user can cause and fix. Each carries the exit code the command ends with; the command
 * line prints its message as one line on stderr, with no stack trace. Anything else is an internal
 * error (exit 1).
 */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  fitFailed: 3,
  badData: 65,
  noInput: 66,
  /** sysexits' EX_UNAVAILABLE: a database server cannot be reached, or refused the login. */
  unavailable: 69,
  cannotCreate: 73,
  /** sysexits' EX_IOERR: writing the output failed (a full disk). */
  ioError: 74,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class UserError extends Error {
  readonly exitCode: ExitCodeValue;
  constructor(message: string, exitCode: ExitCodeValue) {
    super(message);
    this.name = "UserError";
    this.exitCode = exitCode;
  }
}

/** The command line asks for something impossible (exit 2). */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message, ExitCode.usage);
    this.name = "UsageError";
  }
}

/** The optimizer produced a non-finite loss or parameter (exit 3). */
export class FitError extends UserError {
  constructor(message: string) {
    super(message, ExitCode.fitFailed);
    this.name = "FitError";
  }
}

/** The data cannot be fitted: invalid values, too few, no spread (exit 65, EX_DATAERR). */
export class DataError extends UserError {
  constructor(message: string) {
    super(message, ExitCode.badData);
    this.name = "DataError";
  }
}

/** An output file (--trace) cannot be created (exit 73, EX_CANTCREAT). */
export class OutputError extends UserError {
  constructor(message: string) {
    super(message, ExitCode.cannotCreate);
    this.name = "OutputError";
  }
}

/** Ctrl-C stopped the fit; the report of the estimate so far was printed (exit 130 = 128 + SIGINT). */
export class InterruptedError extends UserError {
  constructor(message: string) {
    super(message, ExitCode.interrupted);
    this.name = "InterruptedError";
  }
}

/** The input is missing or unreadable (exit 66, EX_NOINPUT). */
export class InputError extends UserError {
  constructor(message: string) {
    super(message, ExitCode.noInput);
    this.name = "InputError";
  }
}
