import type { EpochLogs } from '@mnist-wasm/trainer';

/** Before the first batch of an epoch. */
export interface EpochBeginEvent {
  type: 'epoch-begin';
  /** Zero-based epoch. */
  epoch: number;
  /** Number of epochs in the run. */
  epochs: number;
  /** Number of steps (batches) in every epoch. */
  steps: number;
}

/** After every batch: the batch's own metrics, and the epoch's running means for a progress bar. */
export interface BatchEvent {
  type: 'batch';
  /** Zero-based epoch. */
  epoch: number;
  /** Zero-based step (batch index) within the epoch. */
  step: number;
  /** Number of steps in every epoch. */
  steps: number;
  /** Examples in this batch: the batch size, or fewer for an epoch's last batch. */
  size: number;
  /** This batch's own mean loss (training mode, before its update), >= 0. */
  loss: number;
  /** Fraction of this batch classified correctly (training mode), 0-1. */
  accuracy: number;
  /** Mean loss of the epoch so far, weighted by batch size: what Keras's bar shows. */
  epochLoss: number;
  /** Accuracy of the epoch so far, 0-1: what Keras's bar shows. */
  epochAccuracy: number;
  /** Mean wall-clock milliseconds per step in this epoch so far. */
  msPerStep: number;
}

/** After an epoch and its validation. */
export interface EpochEndEvent {
  type: 'epoch-end';
  /** Zero-based epoch. */
  epoch: number;
  /** The epoch's loss and accuracy (and validation metrics, with validation data). */
  logs: EpochLogs;
  /** Wall-clock milliseconds from the epoch's start to its end, validation included. */
  ms: number;
}

/**
 * What `fitModel` reports while it trains, in order: per epoch one `epoch-begin`, one `batch` per
 * step, one `epoch-end` (none for an epoch cut short by the abort signal). Plain data: a worker
 * can post each as it comes.
 */
export type FitEvent = EpochBeginEvent | BatchEvent | EpochEndEvent;
