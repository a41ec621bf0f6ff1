import { normalize } from './normalize';
import type { MnistSplit } from './types';

/** A batch of examples as typed arrays, ready to become tensors. */
export interface MnistBatch {
  /** `size * rows * cols` normalized pixels in [0, 1], row-major `[size, rows, cols]`. */
  readonly pixels: Float32Array;
  /** `size` labels, int32 in 0-9 (the dtype TF.js expects for class indices). */
  readonly labels: Int32Array;
  /** Number of examples in the batch. */
  readonly size: number;
}

/** Reusable destination buffers for {@link gatherBatch}, so a training loop allocates nothing per step. */
export interface MnistBatchBuffers {
  pixels: Float32Array;
  labels: Int32Array;
}

/**
 * Copies the examples at `indices` out of a split, normalizing pixels to [0, 1] on the way.
 *
 * Pixels stay uint8 in the split; only the batch becomes float32, so a shuffled epoch never needs
 * the whole training set as floats.
 *
 * @param split - The split to read.
 * @param indices - Example indices, each in `[0, split.count)`; their order is the batch's order.
 * @param buffers - Optional buffers to write into (at least `indices.length` examples long); the
 *   returned arrays are views of them.
 * @returns The batch: `pixels` float32 `[n * rows * cols]`, `labels` int32 `[n]`.
 * @throws RangeError when an index is outside the split or the buffers are too short.
 *
 * @example
 * ```ts
 * const { train } = await loadMnist();
 * const { pixels, labels } = gatherBatch(train, [0, 1, 2]);
 * labels; // Int32Array [5, 0, 4]
 * ```
 */
export function gatherBatch(
  split: MnistSplit,
  indices: ArrayLike<number>,
  buffers?: MnistBatchBuffers,
): MnistBatch {
  const size = indices.length;
  const pixelsPerImage = split.rows * split.cols;
  const pixels = buffers
    ? checkedView(buffers.pixels, size * pixelsPerImage, 'pixels')
    : new Float32Array(size * pixelsPerImage);
  const labels = buffers ? checkedView(buffers.labels, size, 'labels') : new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const index = indices[i]!;
    if (!Number.isInteger(index) || index < 0 || index >= split.count) {
      throw new RangeError(
        `gatherBatch: index ${index} at position ${i} is outside the split of ${split.count} examples; use whole numbers from 0 to ${split.count - 1}.`,
      );
    }
    const start = index * pixelsPerImage;
    normalize(
      split.images.subarray(start, start + pixelsPerImage),
      pixels.subarray(i * pixelsPerImage, (i + 1) * pixelsPerImage),
    );
    labels[i] = split.labels[index]!;
  }
  return { pixels, labels, size };
}

/**
 * The indices `start, start + 1, ..., end - 1`, for taking a contiguous range with {@link gatherBatch}.
 */
export function range(start: number, end: number): Int32Array {
  const out = new Int32Array(Math.max(0, end - start));
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
}

function checkedView<T extends Float32Array | Int32Array>(
  buffer: T,
  length: number,
  name: string,
): T {
  if (buffer.length < length) {
    throw new RangeError(
      `gatherBatch: buffers.${name} holds ${buffer.length} values but the batch needs ${length}; allocate buffers for the largest batch.`,
    );
  }
  return buffer.subarray(0, length) as T;
}
