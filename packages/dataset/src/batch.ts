import { isIntegerIn } from '@mnist-wasm/errors';
import { DatasetOptionError } from './errors';
import { type Examples, exampleSize, type UnlabeledExamples } from './examples';
import { scalePixels } from './normalize';

/** A batch of examples as typed arrays, ready to become tensors. */
export interface ExampleBatch {
  /** `size * size(shape)` float32 features, row-major `[size, ...shape]`; uint8 features scaled to [0, 1]. */
  readonly features: Float32Array;
  /** `size` class indices, int32 (the dtype TF.js expects for class indices). */
  readonly labels: Int32Array;
  /** Number of examples in the batch. */
  readonly size: number;
}

/** Reusable destination buffers for {@link gatherBatch}, so a training loop allocates nothing per step. */
export interface BatchBuffers {
  features: Float32Array;
  labels: Int32Array;
}

/**
 * Copies the features of the examples at `indices` into one float32 array, scaling uint8 features
 * by 1/255 on the way (float32 features are copied as they are).
 *
 * Features stay in their own dtype in `examples`; only the batch becomes float32, so a shuffled
 * epoch never needs the whole training set as floats.
 *
 * @param examples - The examples to read.
 * @param indices - Example indices, each a whole number in `[0, examples.count)`, in batch order.
 * @param out - Optional buffer of at least `indices.length * size(shape)` floats; the result is a view of it.
 * @returns float32 `[indices.length * size(shape)]`, row-major `[n, ...shape]`.
 * @throws DatasetOptionError when an index is outside the examples or `out` is too short.
 *
 * @example
 * ```ts
 * const { test } = await loadMnist();
 * gatherFeatures(test, [0]); // Float32Array of 784 pixels in [0, 1]
 * ```
 */
export function gatherFeatures(
  examples: UnlabeledExamples,
  indices: ArrayLike<number>,
  out?: Float32Array,
): Float32Array {
  return copyFeatures(examples, indices, out, 'gatherFeatures', 'out');
}

/**
 * Copies the examples at `indices` out of `examples`: features as {@link gatherFeatures} does,
 * labels as int32.
 *
 * @param examples - The labelled examples to read.
 * @param indices - Example indices, each in `[0, examples.count)`; their order is the batch's order.
 * @param buffers - Optional buffers to write into (at least `indices.length` examples long); the
 *   returned arrays are views of them.
 * @returns The batch: `features` float32 `[n * size(shape)]`, `labels` int32 `[n]`.
 * @throws DatasetOptionError when an index is outside the examples or the buffers are too short.
 *
 * @example
 * ```ts
 * const { train } = await loadMnist();
 * const { features, labels } = gatherBatch(train, [0, 1, 2]);
 * labels; // Int32Array [5, 0, 4]
 * ```
 */
export function gatherBatch(
  examples: Examples,
  indices: ArrayLike<number>,
  buffers?: BatchBuffers,
): ExampleBatch {
  const size = indices.length;
  const features = copyFeatures(
    examples,
    indices,
    buffers?.features,
    'gatherBatch',
    'buffers.features',
  );
  const labels = buffers
    ? checkedView(buffers.labels, size, 'gatherBatch', 'buffers.labels')
    : new Int32Array(size);
  for (let i = 0; i < size; i++) labels[i] = examples.labels[indices[i]!]!;
  return { features, labels, size };
}

/**
 * The indices `start, start + 1, ..., end - 1`, for taking a contiguous range with {@link gatherBatch}.
 */
export function range(start: number, end: number): Int32Array {
  const out = new Int32Array(Math.max(0, end - start));
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
}

/** {@link gatherFeatures}, with the names its errors give for the caller and the buffer. */
function copyFeatures(
  examples: UnlabeledExamples,
  indices: ArrayLike<number>,
  out: Float32Array | undefined,
  caller: string,
  outName: string,
): Float32Array {
  const size = exampleSize(examples.shape);
  const n = indices.length;
  const features = out ? checkedView(out, n * size, caller, outName) : new Float32Array(n * size);
  const source = examples.features;
  for (let i = 0; i < n; i++) {
    const start = checkedIndex(indices[i]!, examples.count, i, caller) * size;
    if (source instanceof Uint8Array) scalePixels(source, start, size, features, i * size);
    else features.set(source.subarray(start, start + size), i * size);
  }
  return features;
}

function checkedIndex(index: number, count: number, position: number, caller: string): number {
  if (!isIntegerIn(index, 0, count - 1)) {
    throw new DatasetOptionError(
      caller,
      `indices[${position}]`,
      index,
      `whole numbers from 0 to ${count - 1}`,
    );
  }
  return index;
}

function checkedView<T extends Float32Array | Int32Array>(
  buffer: T,
  length: number,
  caller: string,
  name: string,
): T {
  if (buffer.length < length) {
    throw new DatasetOptionError(
      caller,
      name,
      buffer,
      `a buffer of at least ${length} values (it holds ${buffer.length}); allocate buffers for the largest batch`,
    );
  }
  return buffer.subarray(0, length) as T;
}
