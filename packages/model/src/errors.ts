import { NamedError, optionErrorClass } from '@mnist-wasm/errors';

/** Base class of every error thrown by `@mnist-wasm/model`, so callers can catch them as one kind. */
export class ModelError extends NamedError {}

/**
 * A value given to a function of this package (e.g. an option of `createMnistMlp`) is outside what
 * it accepts: `caller`, `option`, `value` and `allowed` say which and what to give instead.
 */
export class ModelOptionError extends optionErrorClass(ModelError) {}

/** Labels and predictions given to a loss or metric do not fit together (rank, count or dtype). */
export class TensorShapeError extends ModelError {}

/**
 * A model that is not a classifier this project can feed: not one input of a fixed shape and one
 * output of class scores `[batch, classes]`.
 */
export class UnsupportedModelError extends ModelError {}

/**
 * A saved model (a folder with `model.json` and its weight files) cannot be read or written.
 * `path` names the folder or file at fault; the message says what to do.
 */
export class SavedModelError extends ModelError {
  constructor(
    /** The model folder or the file in it where the problem was found. */
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
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

/**
 * A model whose weights hold NaN or Infinity: refused by `saveModel` rather than written over a
 * good one, and by `loadModel` rather than returned, since such a model's predictions are wrong,
 * often without any NaN in its outputs (ReLU maps NaN to 0). `weight` names the first bad weight;
 * `path` is the folder a save was refused for, or the weight file a load found it in.
 */
export class NonFiniteWeightError extends SavedModelError {
  constructor(
    path: string,
    /** The name of the first weight holding NaN or Infinity, e.g. `'hidden/kernel'`. */
    readonly weight: string,
    message: string,
  ) {
    super(path, message);
  }
}
