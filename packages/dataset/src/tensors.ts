import { type Tensor1D, type Tensor3D, tensor1d, tensor3d } from '@tensorflow/tfjs-core';
import { gatherBatch, range } from './batch';
import type { MnistSplit } from './types';

/** A range of examples as tensors; the caller owns and disposes both. */
export interface MnistTensors {
  /** float32 `[n, rows, cols]`, pixels normalized to [0, 1] (exactly `x / 255`). */
  readonly images: Tensor3D;
  /** int32 `[n]`, digits 0-9. */
  readonly labels: Tensor1D;
}

/** The examples `[start, end)` to turn into tensors. */
export interface ExampleRange {
  /** First example, inclusive. Default 0. */
  start?: number;
  /** End, exclusive. Default `split.count`. */
  end?: number;
}

/**
 * Turns a split, or the examples `[start, end)` of it, into tensors, as the notebook's
 * `x_train / 255.0, y_train` do: images float32 `[n, rows, cols]` in [0, 1], labels int32 `[n]`.
 *
 * Built on {@link gatherBatch}: only the requested range is converted to floats. The caller owns the
 * tensors and must dispose them (or create them inside `tf.tidy`).
 *
 * @param split - A split from `loadMnist` or {@link parseMnistSplit}.
 * @param exampleRange - `{ start, end }` with `0 <= start <= end <= split.count`; default the whole split.
 * @returns `{ images: Tensor3D, labels: Tensor1D }`.
 * @throws RangeError when the range is not whole numbers within `[0, split.count]` with start <= end.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * const { test } = await loadMnist();
 * const { images, labels } = toTensors(test, { start: 0, end: 32 });
 * images.shape; // [32, 28, 28]
 * labels.dtype; // 'int32'
 * tf.dispose([images, labels]);
 * ```
 */
export function toTensors(split: MnistSplit, exampleRange: ExampleRange = {}): MnistTensors {
  const { start = 0, end = split.count } = exampleRange;
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(end) ||
    start < 0 ||
    end > split.count ||
    start > end
  ) {
    throw new RangeError(
      `toTensors: range { start: ${start}, end: ${end} } is not within the split of ${split.count} examples; use whole numbers with 0 <= start <= end <= ${split.count}.`,
    );
  }
  const batch = gatherBatch(split, range(start, end));
  // gatherBatch allocated fresh arrays, so the tensors can own them without a copy.
  const images = tensor3d(batch.pixels, [batch.size, split.rows, split.cols], 'float32');
  const labels = tensor1d(batch.labels, 'int32');
  return { images, labels };
}
