/** Base class of every error thrown by `@mnist-wasm/model`, so callers can catch them as one kind. */
export class MnistModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An option of {@link createMnistMlp} has a value outside what the model accepts. */
export class InvalidModelOptionError extends MnistModelError {
  /**
   * @param option - The option's name, e.g. `'dropoutRate'`.
   * @param value - The value that was given.
   * @param allowed - What the option accepts, e.g. `'a number in [0, 1)'`.
   */
  constructor(
    readonly option: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`createMnistMlp: option '${option}' is ${describe(value)}; use ${allowed}.`);
  }
}

/** Labels and predictions given to a loss or metric do not fit together (rank, count or dtype). */
export class TensorShapeError extends MnistModelError {}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (typeof value === 'string') return `'${value}'`;
  return String(value);
}

/**
 * A saved model (a folder with `model.json` and its weight files) cannot be read or written.
 * `path` names the folder or file at fault; the message says what to do.
 */
export class SavedModelError extends MnistModelError {
  /** The model folder or the file in it where the problem was found. */
  readonly path: string;

  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super(message);
    this.path = path;
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** The model folder, its `model.json` or a weight file it lists does not exist. */
export class SavedModelNotFoundError extends SavedModelError {}

/**
 * The files exist but do not form a TF.js layers model: `model.json` is not JSON or lacks the
 * topology or weights manifest, or a weight file's size differs from what the manifest describes.
 */
export class SavedModelFormatError extends SavedModelError {}

/** Writing a model folder failed (permissions, full disk, a folder where a file should go). */
export class SavedModelWriteError extends SavedModelError {}
