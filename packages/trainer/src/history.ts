import type { BatchEndInfo } from './callbacks';

/** Where training stopped early because its `signal` was aborted. */
export interface AbortPoint {
  /** Zero-based epoch that was running. */
  epoch: number;
  /**
   * Zero-based index of that epoch's last applied step, as {@link BatchEndInfo.step} reported it;
   * -1 when the abort came before the epoch's first step.
   */
  step: number;
}

/**
 * Per-epoch metrics of a training run, one entry per completed epoch (Keras's `History.history`).
 * An epoch cut short by an abort is not listed; `aborted` says where training stopped.
 */
export interface TrainHistory {
  /** Mean training-mode loss of each epoch, weighted by batch size. */
  loss: number[];
  /** Training accuracy of each epoch, 0-1. */
  accuracy: number[];
  /** Validation loss after each epoch; empty without validation. */
  valLoss: number[];
  /** Validation accuracy after each epoch, 0-1; empty without validation. */
  valAccuracy: number[];
  /** Set when training was aborted through `signal`; `null` when all epochs ran. */
  aborted: AbortPoint | null;
}
