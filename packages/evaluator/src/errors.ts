/** Base class of every error thrown by `@mnist-wasm/evaluator`, so callers can catch them as one kind. */
export class EvaluatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An option (batch size, number of classes) has a value the evaluator cannot use. */
export class EvaluatorOptionError extends EvaluatorError {
  constructor(
    /** The function that was called, e.g. `'evaluate'`. */
    readonly caller: string,
    /** The option's name, e.g. `'batchSize'`. */
    readonly option: string,
    /** The value that was given. */
    readonly value: unknown,
    /** What the option accepts, e.g. `'a positive integer such as 32'`. */
    readonly allowed: string,
  ) {
    super(`${caller}: ${option} is ${String(value)}; use ${allowed}.`);
  }
}

/** Labels that cannot be counted: true and predicted labels differ in length, or one is outside the classes. */
export class LabelsError extends EvaluatorError {}
