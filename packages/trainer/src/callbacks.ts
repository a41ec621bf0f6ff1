/** Metrics of one finished epoch, as Keras logs them. */
export interface EpochLogs {
  /** Mean training-mode loss over the epoch's batches, weighted by batch size. */
  loss: number;
  /** Fraction of the epoch's training examples classified correctly (in training mode), 0-1. */
  accuracy: number;
  /** Loss on the validation data after the epoch (inference mode), when validation is on. */
  valLoss?: number;
  /** Accuracy on the validation data after the epoch, 0-1, when validation is on. */
  valAccuracy?: number;
}

/** The length of the training run, given at the start of every epoch. */
export interface EpochBeginInfo {
  /** Number of epochs in the run. */
  epochs: number;
  /** Number of steps (batches) in each epoch. */
  steps: number;
}

/**
 * Progress after one batch: the epoch's running means, for a progress bar (Keras's `fit` shows
 * these), and the batch's own loss, accuracy and size, for per-batch charts.
 */
export interface BatchEndInfo {
  /** Zero-based epoch. */
  epoch: number;
  /** Zero-based step (batch index) within the epoch that just finished. */
  step: number;
  /** Number of steps in each epoch. */
  steps: number;
  /** Running mean loss of the epoch so far (weighted by batch size). */
  loss: number;
  /** Running accuracy of the epoch so far, 0-1. */
  accuracy: number;
  /** This batch's own mean loss (training mode, before its update), as the step computed it. */
  batchLoss: number;
  /** Fraction of this batch's examples classified correctly (training mode), 0-1. */
  batchAccuracy: number;
  /** Number of examples in this batch: the batch size, or fewer for an epoch's last batch. */
  batchSize: number;
  /** Mean wall-clock milliseconds per step in this epoch so far, callbacks included. */
  msPerStep: number;
}

/**
 * Hooks into {@link train}. Each may return a promise, which is awaited before training goes on.
 * An error thrown by a callback stops training and is rethrown by `train`.
 */
export interface TrainCallbacks {
  /** Before the first batch of `epoch` (zero-based). */
  onEpochBegin?(epoch: number, info: EpochBeginInfo): void | Promise<void>;
  /** After `epoch` and its validation. */
  onEpochEnd?(epoch: number, logs: EpochLogs): void | Promise<void>;
  /** After every batch. */
  onBatchEnd?(info: BatchEndInfo): void | Promise<void>;
}
