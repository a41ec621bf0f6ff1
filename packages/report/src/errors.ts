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
