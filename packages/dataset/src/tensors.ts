import { type Tensor, type Tensor1D, tensor, tensor1d } from '@tensorflow/tfjs-core';
import { gatherBatch, range } from './batch';
import { checkRange, type Examples } from './examples';

/** A range of examples as tensors; the caller owns and disposes both. */
export interface ExampleTensors {
  /** float32 `[n, ...shape]`; uint8 features scaled to [0, 1] (exactly `x / 255`). */
  readonly features: Tensor;
  /** int32 `[n]` class indices. */
  readonly labels: Tensor1D;
}

/** The examples `[start, end)` to turn into tensors. */
export interface ExampleRange {
  /** First example, inclusive. Default 0. */
  start?: number;
  /** End, exclusive. Default `examples.count`. */
  end?: number;
}

/**
 * Turns examples, or the examples `[start, end)` of them, into tensors, as the notebook's
 * `x_train / 255.0, y_train` do: features float32 `[n, ...shape]` (uint8 scaled to [0, 1]),
 * labels int32 `[n]`.
 *
 * Built on {@link gatherBatch}: only the requested range is converted to floats. The caller owns the
 * tensors and must dispose them (or create them inside `tf.tidy`).
 *
 * @param examples - Labelled examples, e.g. a split from `loadMnist`.
 * @param exampleRange - `{ start, end }` with `0 <= start < end <= count`; default all of them.
 * @returns `{ features, labels }`.
 * @throws DatasetOptionError when the range is not whole numbers with `0 <= start < end <= count`;
 *   ExamplesError when there are no examples.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * const { test } = await loadMnist();
 * const { features, labels } = toTensors(test, { start: 0, end: 32 });
 * features.shape; // [32, 28, 28]
 * labels.dtype; // 'int32'
 * tf.dispose([features, labels]);
 * ```
 */
export function toTensors(examples: Examples, exampleRange: ExampleRange = {}): ExampleTensors {
  const { count } = examples;
  const { start = 0, end = count } = exampleRange;
  checkRange('toTensors', count, start, end);
  const batch = gatherBatch(examples, range(start, end));
  // gatherBatch allocated fresh arrays, so the tensors can own them without a copy.
  return {
    features: tensor(batch.features, [batch.size, ...examples.shape], 'float32'),
    labels: tensor1d(batch.labels, 'int32'),
  };
}
