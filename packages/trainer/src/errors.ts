/** Base class of every error `@mnist-wasm/trainer` throws, so callers can catch them all at once. */
export class TrainerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An option of {@link train} has a value it cannot use; the message names the option and what is allowed. */
export class TrainOptionError extends TrainerError {
  constructor(
    /** The option's name, e.g. `'batchSize'`. */
    readonly option: string,
    /** The value that was given. */
    readonly value: unknown,
    /** What the option accepts, e.g. `'a positive integer'`. */
    readonly allowed: string,
  ) {
    super(`train: option ${option} is ${describe(value)}; it must be ${allowed}.`);
  }
}

/** The data or the model cannot be trained together (shapes, label range, empty split). */
export class TrainDataError extends TrainerError {}

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

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null)
    return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return `a ${typeof value}`;
}
