import { NamedError, optionErrorClass } from '@mnist-wasm/errors';

/** Base class of every error `@mnist-wasm/trainer` throws, so callers can catch them all at once. */
export class TrainerError extends NamedError {}

/**
 * An option of {@link train} (or of an optimizer) has a value it cannot use: `caller`, `option`,
 * `value` and `allowed` say which and what to give instead.
 */
export class TrainerOptionError extends optionErrorClass(TrainerError) {}

/**
 * The training loss became NaN or infinite (a forward pass through non-finite activations counts
 * as a NaN loss) at the first step of a `train` call, before any update of that call could be
 * blamed: the initial weights or the data are not finite. That batch's update is not applied, so
 * the model keeps its weights. When an update of the call made the weights diverge, the subclass
 * {@link DivergedUpdateError} is thrown instead.
 */
export class NonFiniteLossError extends TrainerError {
  constructor(
    /** Zero-based epoch: of the batch whose loss was not finite here, of the diverged update in {@link DivergedUpdateError}. */
    readonly epoch: number,
    /** Zero-based step (batch index) within that epoch, as `epoch`. */
    readonly step: number,
    /** The loss value: `NaN`, `Infinity` or `-Infinity`. */
    readonly loss: number,
    message = `train: the loss became ${loss} at epoch ${epoch}, step ${step}, before any update; the initial weights or the data are not finite. ` +
      'Check the initial weights and data for NaN/Infinity.',
  ) {
    super(message);
  }
}

/** Where an update of a training run was applied: its zero-based epoch and step. */
export interface UpdatePoint {
  epoch: number;
  step: number;
}

/**
 * The update of step `step` of epoch `epoch` made the weights diverge: the weights it wrote are
 * not finite, or the next batch's loss (or activations) is not. That update was undone: the model
 * has the last finite weights, those from before it (the same values, not a copy with rounding).
 * Training stops there.
 */
export class DivergedUpdateError extends NonFiniteLossError {
  constructor(
    /** Zero-based epoch of the update that diverged and was undone. */
    epoch: number,
    /** Zero-based step of that update within its epoch. */
    step: number,
    /**
     * What showed it: the next batch's loss (`NaN`, `Infinity` or `-Infinity`), or `NaN` when the
     * updated weights themselves were checked (after the last step of an epoch, or on abort).
     */
    loss: number,
    /**
     * Whether the optimizer's state (step count, moments) was rolled back too: true for
     * `FusedAdam`, the default on 'wasm'; false for any other optimizer, whose state still holds
     * the diverged update (make a new one before training on).
     */
    readonly optimizerRestored: boolean,
  ) {
    super(
      epoch,
      step,
      loss,
      `train: the update of epoch ${epoch}, step ${step} diverged (${
        Number.isNaN(loss)
          ? 'it left non-finite weights or activations'
          : `the next batch's loss is ${loss}`
      }); it was undone, so the model has the last finite weights, from before that step. ` +
        `${optimizerRestored ? '' : "The optimizer's state was not rolled back (only FusedAdam's can be): use a new optimizer. "}` +
        'Lower the learning rate.',
    );
  }
}

/** A second {@link train} call was made on a model that another call is still training. */
export class ConcurrentTrainingError extends TrainerError {
  constructor(
    /** The function that was called: `'train'`. */
    readonly caller: string,
  ) {
    super(
      `${caller}: this model is already being trained by another train() call, and interleaved updates would corrupt it. ` +
        'Await that call (or abort it through its signal) before training the model again, or train a copy.',
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

/**
 * A helper thread of a data-parallel {@link train} run (`threads` > 1) failed to start, threw, or
 * ended during the run. The run stops at once: the other threads are ended (none is left behind)
 * and `train` rejects with this error; the model has the weights of the last completed step.
 */
export class TrainingThreadError extends TrainerError {
  constructor(
    /** The thread, 1 to `threads - 1` (0 is the thread that called `train`). */
    readonly thread: number,
    /** Threads of the run. */
    readonly threads: number,
    /** What happened to it: its error's message, or how it ended. */
    readonly reason: string,
  ) {
    super(
      `train: training thread ${thread} of ${threads} ${reason}; the run stopped and the other threads were ended. ` +
        'Train on one thread (threads: 1; mnist-notebook --threads 1; in the page, leave ?threads=N out of its address) if it happens again, or free memory.',
    );
  }
}
