import { NamedError } from '@mnist-wasm/errors';

/** Base of the app's own errors: what was asked cannot be done; the message says what to do. */
export class NotebookError extends NamedError {}

/** The command line asks for something the app cannot do (no images, an index out of range). */
export class UsageError extends NotebookError {}

/** The saved model does not take what `predict` feeds it (images of `[rows, cols]`). */
export class ModelInputError extends NotebookError {}

/**
 * An image file given to `predict` cannot be read, decoded or used (no ink in it); the message names
 * the file.
 */
export class DigitImageError extends NotebookError {
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The saved model gives outputs that are not finite numbers (NaN or Infinity): nothing to report. */
export class ModelOutputError extends NotebookError {}
