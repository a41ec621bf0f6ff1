/** Base class of every error thrown by `@mnist-wasm/evaluator`, so callers can catch them as one kind. */
export class MnistEvaluatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An option (batch size, number of classes) has a value the evaluator cannot use. */
export class InvalidEvaluatorOptionError extends MnistEvaluatorError {
  constructor(
    readonly caller: string,
    readonly option: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`${caller}: option '${option}' is ${String(value)}; use ${allowed}.`);
  }
}

/**
 * Data does not fit the model or itself: an image buffer whose length is not a whole number of
 * images, labels of different lengths, a label outside the classes, an empty split.
 */
export class EvaluationInputError extends MnistEvaluatorError {}
