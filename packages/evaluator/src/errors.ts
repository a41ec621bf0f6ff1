import { NamedError, optionErrorClass } from '@mnist-wasm/errors';

/** Base class of every error thrown by `@mnist-wasm/evaluator`, so callers can catch them as one kind. */
export class EvaluatorError extends NamedError {}

/**
 * An option (batch size, number of classes) has a value the evaluator cannot use: `caller`,
 * `option`, `value` and `allowed` say which and what to give instead.
 */
export class EvaluatorOptionError extends optionErrorClass(EvaluatorError) {}

/** Labels that cannot be counted: true and predicted labels differ in length, or one is outside the classes. */
export class LabelsError extends EvaluatorError {}

/**
 * The model given to `evaluate` or a predict function has a weight holding NaN or Infinity: its
 * results would be wrong, often without any NaN in its outputs (ReLU maps NaN to 0, and the Dense
 * kernels skip the weight rows of zero pixels), so it is not run. `weight` names the first such
 * weight.
 */
export class NonFiniteModelWeightError extends EvaluatorError {
  constructor(
    /** The name of the first weight holding NaN or Infinity, e.g. `'hidden/kernel'`. */
    readonly weight: string,
    message: string,
  ) {
    super(message);
  }
}
