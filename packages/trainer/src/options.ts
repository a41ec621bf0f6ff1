import type { Examples } from '@mnist-wasm/dataset';
import { optionChecks } from '@mnist-wasm/errors';
import { maxBatchSize as evaluatorMaxBatchSize } from '@mnist-wasm/evaluator';
import type * as tf from '@tensorflow/tfjs-core';
import {
  type AugmentOptions,
  type ResolvedAugmentOptions,
  resolveAugmentOptions,
} from './augment-options';
import type { TrainCallbacks } from './callbacks';
import { TrainerOptionError } from './errors';
import type { SpawnTrainingThread } from './parallel/thread-protocol';

/**
 * The largest `batchSize` and `validationBatchSize` {@link train} takes for any model (2^16): the
 * evaluator's `maxBatchSize`, since each batch is copied into float32 buffers of that many
 * examples and a batch size far beyond any dataset would ask for buffers no engine can allocate.
 * A model's own bound, from its memory per example, is `maxTrainBatchSize(model)`.
 */
export const maxBatchSize: number = evaluatorMaxBatchSize;

/** What a `seed` option takes: any safe integer (used modulo 2^32). */
export const SEED_RULE = {
  min: Number.MIN_SAFE_INTEGER,
  max: Number.MAX_SAFE_INTEGER,
  allowed: 'an integer',
} as const;

/** The largest `epochs` {@link train} takes: a bound that keeps the epoch count a safe integer. */
export const maxEpochs = 1_000_000;

/** Options of {@link train}; every default is the Keras notebook's `compile` and `fit`. */
export interface TrainOptions {
  /** Passes over the training data. Default 5. An integer from 0 to {@link maxEpochs} (1,000,000). */
  epochs?: number;
  /**
   * Examples per step; the last batch of an epoch may be smaller. Default 32. An integer from 1 to
   * {@link maxBatchSize} (65,536), and at most `maxTrainBatchSize(model)`, what the model's
   * per-example memory allows (tens of thousands for the notebook's MLP, about a thousand for the
   * convnet); larger than the data means one batch of all of it per epoch.
   */
  batchSize?: number;
  /** Reshuffle the training examples before every epoch. Default true. */
  shuffle?: boolean;
  /**
   * Seed (any integer, used modulo 2^32) of the shuffling, dropout masks and augmentation. Equal
   * seeds and equal initial weights give equal histories. Default: drawn from `Math.random`.
   */
  seed?: number;
  /**
   * Optimizer to update the weights with, e.g. the one a previous `train` returned, to continue
   * training. Default: Keras's Adam (`learningRate`, 0.9, 0.999, 1e-7): a `FusedAdam` on the
   * 'wasm' backend, `tf.train.adam` elsewhere.
   */
  optimizer?: tf.Optimizer;
  /** Learning rate of the default Adam. Default 0.001. Not allowed together with `optimizer`. */
  learningRate?: number;
  /** Examples to evaluate after every epoch (`valLoss`, `valAccuracy`). Overrides `validationSplit`. */
  validationData?: Examples;
  /**
   * Fraction in (0, 1) of the training data held out for validation, taken from the END of the data
   * before any shuffling, as Keras does.
   */
  validationSplit?: number;
  /**
   * Batch size of the validation pass, from 1 to {@link maxBatchSize} and at most
   * `maxTrainBatchSize(model)`, as `batchSize`. Default: `batchSize`.
   */
  validationBatchSize?: number;
  /** Epoch and batch hooks. */
  callbacks?: TrainCallbacks;
  /** Aborting it stops training at the end of the current batch; the model stays usable. */
  signal?: AbortSignal;
  /**
   * Milliseconds of training between yields to the event loop, so a page can repaint and handle
   * input. Default 16. `Infinity` never yields (except in awaited callbacks).
   */
  yieldEveryMs?: number;
  /**
   * Random distortions of the training images, a new one for every example of every batch
   * (rotation, scale, shift, shear, elastic; see {@link AugmentOptions}); `{}` for the MNIST
   * defaults. Default: none, and then a run is exactly what it was without this option. Its draws
   * come from a stream of their own derived from `seed`, so turning it on leaves the shuffling and
   * dropout masks as they were. For examples `[height, width]` or `[height, width, 1]` (or flat
   * examples of a model with such an input). Validation data is never augmented.
   */
  augment?: AugmentOptions;
  /**
   * Threads to train on, data-parallel: each step's batch (still `batchSize` examples) is split in
   * contiguous shares, one per thread, each thread runs the model's plan on its share, their
   * gradients are summed (through shared memory, in thread order) and every thread applies the
   * same Adam update, so the copies of the model stay identical. The same seed and thread count
   * give the same numbers to the last bit; 1 and N threads differ only in the order gradients are
   * summed. Default 1: no thread is started. An integer from 1 to {@link maxThreads}; more than
   * `batchSize` or the examples are not used. More than 1 needs `spawnThread`. The run trains on
   * one thread anyway (and `TrainResult.threadRefusal` says why) for a model on the tape, with
   * `augment`, with an `optimizer` of your own, with float32 features, or without
   * `SharedArrayBuffer` (a page that is not cross-origin isolated).
   */
  threads?: number;
  /**
   * Starts each helper thread when `threads` > 1: `spawnNodeTrainingThread` of
   * `@mnist-wasm/trainer/node` on Node, a Web Worker running `runTrainingThread` in a page.
   */
  spawnThread?: SpawnTrainingThread;
}

/** The most threads {@link train} takes. */
export const maxThreads = 64;

/** {@link TrainOptions} checked, with defaults filled in. */
export interface ResolvedTrainOptions {
  epochs: number;
  batchSize: number;
  shuffle: boolean;
  seed: number;
  optimizer: tf.Optimizer | null;
  learningRate: number;
  validationData: Examples | null;
  validationSplit: number;
  validationBatchSize: number;
  callbacks: TrainCallbacks;
  signal: AbortSignal | null;
  yieldEveryMs: number;
  augment: ResolvedAugmentOptions | null;
  threads: number;
  spawnThread: SpawnTrainingThread | null;
}

/**
 * Checks `options` and fills in the defaults.
 * @throws TrainerOptionError naming the first option whose value is not allowed.
 */
export function resolveTrainOptions(options: TrainOptions = {}): ResolvedTrainOptions {
  const check = optionChecks(TrainerOptionError, 'train');
  const epochs = check.integer('epochs', options.epochs ?? 5, { min: 0, max: maxEpochs });
  const batchRange = { min: 1, max: maxBatchSize };
  const batchSize = check.integer('batchSize', options.batchSize ?? 32, batchRange);
  const validationBatchSize = check.integer(
    'validationBatchSize',
    options.validationBatchSize ?? batchSize,
    batchRange,
  );
  const shuffle = options.shuffle ?? true;
  check.require(typeof shuffle === 'boolean', 'shuffle', shuffle, 'true or false');
  const seed = check.integer(
    'seed',
    options.seed ?? Math.floor(Math.random() * 4294967296),
    SEED_RULE,
  );
  check.require(
    options.optimizer == null || options.learningRate == null,
    'learningRate',
    options.learningRate,
    'no learningRate when an optimizer is given (set the rate on that optimizer)',
  );
  const learningRate = check.number('learningRate', options.learningRate ?? 0.001, {
    above: 0,
    max: Number.MAX_VALUE,
    allowed: 'a finite number greater than 0',
  });
  const validationSplit =
    options.validationSplit == null
      ? 0
      : check.number('validationSplit', options.validationSplit, {
          above: 0,
          below: 1,
          allowed: 'a number between 0 and 1, exclusive',
        });
  const yieldEveryMs = check.number('yieldEveryMs', options.yieldEveryMs ?? 16, {
    min: 0,
    allowed: 'a number of milliseconds >= 0',
  });
  const threads = check.integer('threads', options.threads ?? 1, { min: 1, max: maxThreads });
  check.require(
    threads === 1 || typeof options.spawnThread === 'function',
    'spawnThread',
    options.spawnThread,
    'a function starting a training thread when threads > 1 (spawnNodeTrainingThread of @mnist-wasm/trainer/node on Node)',
  );
  return {
    epochs,
    batchSize,
    shuffle,
    seed,
    optimizer: options.optimizer ?? null,
    learningRate,
    validationData: options.validationData ?? null,
    validationSplit,
    validationBatchSize,
    callbacks: options.callbacks ?? {},
    signal: options.signal ?? null,
    yieldEveryMs,
    augment: resolveAugmentOptions(options.augment),
    threads,
    spawnThread: options.spawnThread ?? null,
  };
}
