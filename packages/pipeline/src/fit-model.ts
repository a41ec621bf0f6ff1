import type { Examples } from '@mnist-wasm/dataset';
import {
  type SpawnTrainingThread,
  type TrainHistory,
  type TrainResult,
  train as trainModel,
} from '@mnist-wasm/trainer';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { FitEvent } from './fit-events';

/** What {@link fitModel} trains with; every default is the notebook's. */
export interface FitOptions {
  /** Passes over the training data: whole number, default 5 (`model.fit(..., epochs=5)`). */
  epochs?: number;
  /** Examples per step: whole number up to the trainer's `maxTrainBatchSize(model)`, default 32. */
  batchSize?: number;
  /** Seed of the shuffling, dropout and augmentation: the same seed, the same run. */
  seed?: number;
  /** Train on randomly rotated, scaled and shifted digits (the trainer's `augment` defaults). */
  augment?: boolean;
  /** Examples to evaluate after each epoch (`validation_data`), e.g. part of the test split. */
  validationData?: Examples;
  /** Stops training after the current batch; the model keeps what it learnt so far. */
  signal?: AbortSignal;
  /** Threads to train on, data-parallel (the trainer's `threads`); default 1. */
  threads?: number;
  /** Starts each extra thread (the trainer's `spawnThread`), needed with `threads` > 1. */
  spawnThread?: SpawnTrainingThread;
}

/** What {@link fitModel} returns: `history` as Keras's, and how the run went. */
export interface FitResult {
  /** Loss and accuracy per epoch (and validation metrics), and where an abort stopped it. */
  history: TrainHistory;
  /** Wall-clock milliseconds of the whole fit. */
  trainMs: number;
  /** Whether the abort signal cut training short. */
  stopped: boolean;
  /**
   * Which training step ran: `'plan'` (the model's plan of forward and backward kernels) or
   * `'tape'` (`tf.variableGrads` over the layers, for a layer or backend the plan does not cover).
   */
  step: TrainResult['step'];
  /** With `step: 'tape'`: the layer or kernel the plan lacks; null on the plan. */
  planRefusal: string | null;
  /** Threads the run trained on. */
  threads: number;
  /** Why it trained on one thread although more were asked for; else null. */
  threadRefusal: string | null;
}

/**
 * In [5]: `model.fit(x_train, y_train, epochs=5)` with the notebook's `compile` (Adam 0.001,
 * sparse cross-entropy from logits, accuracy, batch size 32), reporting every epoch and batch to
 * `onEvent` (see {@link FitEvent}: each batch's own loss and accuracy, and the epoch's running
 * means). The model is trained in place; the optimizer is disposed before this resolves.
 *
 * @param model - A classifier taking `train`'s examples, `[batch, classes]` logits out.
 * @param train - Labelled examples: `[count, 28, 28]` uint8 for MNIST (scaled to [0, 1] per batch).
 * @param onEvent - Called for every event, awaited when it returns a promise; an error it throws
 *   stops training and is rethrown.
 * @throws The trainer's errors: TrainerOptionError for an option out of range (a `batchSize`
 *   above `maxTrainBatchSize(model)` among them), ExamplesError for data that does not fit the
 *   model, NonFiniteLossError when training diverges.
 *
 * @example
 * ```ts
 * const { model } = buildModel('mlp', { seed: 1 });
 * const { history } = await fitModel(model, train, { epochs: 5, seed: 1 }, (event) => {
 *   if (event.type === 'epoch-end') console.log(event.epoch, event.logs.loss);
 * });
 * history.accuracy; // e.g. [0.914, 0.957, 0.966, 0.972, 0.976]
 * ```
 */
export async function fitModel(
  model: tfl.LayersModel,
  train: Examples,
  options: FitOptions = {},
  onEvent: (event: FitEvent) => void | Promise<void> = () => {},
): Promise<FitResult> {
  const start = performance.now();
  let epochStart = start;
  const { history, optimizer, step, planRefusal, threads, threadRefusal } = await trainModel(
    model,
    train,
    {
      ...(options.epochs !== undefined && { epochs: options.epochs }),
      ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.augment && { augment: {} }),
      ...(options.validationData !== undefined && { validationData: options.validationData }),
      ...(options.signal !== undefined && { signal: options.signal }),
      ...(options.threads !== undefined && { threads: options.threads }),
      ...(options.spawnThread !== undefined && { spawnThread: options.spawnThread }),
      callbacks: {
        onEpochBegin: (epoch, { epochs, steps }) => {
          epochStart = performance.now();
          return onEvent({ type: 'epoch-begin', epoch, epochs, steps });
        },
        onBatchEnd: (batch) =>
          onEvent({
            type: 'batch',
            epoch: batch.epoch,
            step: batch.step,
            steps: batch.steps,
            size: batch.batchSize,
            loss: batch.batchLoss,
            accuracy: batch.batchAccuracy,
            epochLoss: batch.loss,
            epochAccuracy: batch.accuracy,
            msPerStep: batch.msPerStep,
          }),
        onEpochEnd: (epoch, logs) =>
          onEvent({ type: 'epoch-end', epoch, logs, ms: performance.now() - epochStart }),
      },
    },
  );
  const trainMs = performance.now() - start;
  optimizer.dispose();
  return {
    history,
    trainMs,
    stopped: history.aborted !== null,
    step,
    planRefusal,
    threads,
    threadRefusal,
  };
}
