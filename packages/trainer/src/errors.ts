import { NamedError, optionErrorClass } from '@mnist-wasm/errors';

/** Base class of every error `@mnist-wasm/trainer` throws, so callers can catch them all at once. */
export class TrainerError extends NamedError {}

/**
 * An option of {@link train} (or of an optimizer) has a value it cannot use: `caller`, `option`,
 * `value` and `allowed` say which and what to give instead.
 */
export class TrainerOptionError extends optionErrorClass(TrainerError) {}

/**
 * The training loss became NaN or infinite. Training stops before that batch's update is applied,
 * so the model keeps the last finite weights.
 */
export class NonFiniteLossError extends TrainerError {
  constructor(
    /** Zero-based epoch of the batch whose loss was not finite. */
    readonly epoch: number,
    /** Zero-based step (batch index) within that epoch. */
    readonly step: number,
    /** The loss value: `NaN`, `Infinity` or `-Infinity`. */
    readonly loss: number,
  ) {
    super(
      `train: the loss became ${loss} at epoch ${epoch}, step ${step}; the weights or updates diverged. ` +
        'Lower the learning rate (or check the initial weights and data for NaN/Infinity).',
    );
  }
}

/** An optimizer was given a gradient for a name that is no registered `tf.Variable`. */
export class UnknownVariableError extends TrainerError {
  constructor(
    /** The function that was called, e.g. `'FusedAdam.applyGradients'`. */
    readonly caller: string,
    /** The gradient's name. */
    readonly variable: string,
  ) {
    super(
      `${caller}: no variable named '${variable}' is registered; pass gradients keyed by the names of live tf.Variables.`,
    );
  }
}
