import { describeValue, NamedError, optionErrorClass } from '@mnist-wasm/errors';

/** Base class of every error thrown by `@mnist-wasm/report`, so callers can catch them as one kind. */
export class ReportError extends NamedError {}

/**
 * An argument (such as `writeReport`'s file) has a value the report cannot use: `caller`,
 * `option`, `value` and `allowed` say which and what to give instead.
 */
export class ReportOptionError extends optionErrorClass(ReportError) {}

/**
 * Report data that does not hold together: `field` names the first bad field (e.g.
 * `'epochs[2].accuracy'`), `value` is what it held and `allowed` what it must be.
 */
export class ReportDataError extends ReportError {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`report data: ${field} is ${describeValue(value)}; use ${allowed}.`);
  }
}

/**
 * A report would replace something that is not a regular file: a folder, a device, a FIFO, a
 * socket, or a symbolic link to one of them (or to nothing). Nothing was written; `file` names the
 * path and `type` what stands there.
 */
export class ReportTargetError extends ReportError {
  constructor(
    /** The path the report was to be written to. */
    readonly file: string,
    /** What stands at `file`, e.g. `'a character device'`, `'a folder'`. */
    readonly type: string,
    /** Who asked, as the message starts: `'writeReport'`, or a flag such as `'--report'`. */
    caller = 'writeReport',
  ) {
    super(
      `${caller} ${file}: ${type} stands there, not a regular file; a report replaces only a regular file, ` +
        'so nothing was written. Give the path of a new or existing .html file.',
    );
  }
}
