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
