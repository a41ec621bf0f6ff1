import { maxBatchSize } from '@mnist-wasm/trainer';

/**
 * The ranges of the app's whole-number flags. Each bounds what a typo or a stray exponent can ask
 * for: the largest values still fit in memory and finish, the smallest ones make sense.
 */
export const FLAG_RANGES = {
  epochs: { min: 1, max: 10_000 },
  /**
   * The trainer's largest batch for any model (its `maxBatchSize`); each model's own bound, from
   * the memory a step needs per example, is checked once the model is built
   * (`checkBatchSizeFlag`), and is far lower for the convnet.
   */
  batchSize: { min: 1, max: maxBatchSize },
  /** `--train-limit`, `--test-limit`. */
  limit: { min: 1, max: 10_000_000 },
  /** Seeds are hashed as unsigned 32-bit integers. */
  seed: { min: 0, max: 2 ** 32 - 1 },
  /** `sweep --seeds`: how many seeds one sweep may list (each a whole training run). */
  seeds: { min: 1, max: 1_000 },
  /**
   * `sweep --workers`: worker threads, each with its own WASM backend and copy of the data; a
   * sweep also takes at most one per core and as many as free memory holds (`sweepWorkerBound`).
   */
  workers: { min: 1, max: 64 },
  /**
   * `--threads`: training threads of one run; also at most the cores available
   * (`checkThreadsFlag`).
   */
  threads: { min: 1, max: 64 },
  /** `predict --index`; the test set's own size is checked once it is loaded. */
  index: { min: 0, max: 9_999_999 },
  /** `predict --max-pixels`: up to 16384 x 16384. */
  maxPixels: { min: 1, max: 16_384 * 16_384 },
} as const;

/**
 * The most pixels (width x height, as an image's header declares them, read before decoding)
 * `predict` decodes by default: 4096 x 4096. Decoding needs several bytes per pixel, so this bounds
 * the memory a small, highly compressed image declaring a huge size can take. `--max-pixels`
 * raises it.
 */
export const DEFAULT_MAX_PIXELS = 4096 * 4096;
