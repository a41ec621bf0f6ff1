import type { Examples } from '@mnist-wasm/dataset';
import { digitPixels } from './digit-pixels';

/** The element type of a split's features or labels, as numpy names it. */
export type DataType = 'uint8' | 'uint16' | 'int32' | 'float32';

/** One split as `x.shape, x.dtype, y.shape, y.dtype` show it. */
export interface SplitDescription {
  /** Number of examples: 60,000 for MNIST's training split, 10,000 for its test split. */
  count: number;
  /** The shape of one example, without the batch axis: `[28, 28]` for MNIST. */
  shape: number[];
  /** `'uint8'` for MNIST's pixels (0-255), `'float32'` for features of your own. */
  featuresType: DataType;
  /** `'uint8'` for MNIST's labels (0-9). */
  labelsType: DataType;
}

/** An example to show: its pixels (0-255) and its label. */
export interface LabelledDigit {
  /** `size(shape)` values, 0 (background) to 255 (ink); see {@link digitPixels}. */
  pixels: Uint8Array;
  label: number;
}

/** What {@link describeData} returns: the splits' shapes and types, and the first training examples. */
export interface DataDescription {
  train: SplitDescription;
  test: SplitDescription;
  /** The first `samples` training examples (fewer when the split is smaller). */
  samples: LabelledDigit[];
}

/**
 * In [1]: what `(x_train, y_train), (x_test, y_test) = mnist.load_data()` gives, as data: each
 * split's count, example shape and types, and the first training examples to show. Loading the
 * splits is the front end's (files in Node, HTTP in a browser); this takes them loaded.
 *
 * @param train - The training split, e.g. `loadMnist()`'s `train`: `[60000, 28, 28]` uint8.
 * @param test - The test split: `[10000, 28, 28]` uint8.
 * @param options.samples - How many training examples to return in `samples` (default 0).
 *
 * @example
 * ```ts
 * const { train, test } = await loadMnist();
 * const data = describeData(train, test, { samples: 10 });
 * data.train; // { count: 60000, shape: [28, 28], featuresType: 'uint8', labelsType: 'uint8' }
 * data.samples[0]; // { pixels: Uint8Array(784), label: 5 }
 * ```
 */
export function describeData(
  train: Examples,
  test: Examples,
  options: { samples?: number } = {},
): DataDescription {
  const samples = Math.min(options.samples ?? 0, train.count);
  return {
    train: describeSplit(train),
    test: describeSplit(test),
    samples: Array.from({ length: samples }, (_, i) => ({
      pixels: digitPixels(train, i),
      label: train.labels[i] as number,
    })),
  };
}

function describeSplit(split: Examples): SplitDescription {
  return {
    count: split.count,
    shape: [...split.shape],
    featuresType: dataType(split.features),
    labelsType: dataType(split.labels),
  };
}

function dataType(values: Examples['features'] | Examples['labels']): DataType {
  if (values instanceof Uint8Array) return 'uint8';
  if (values instanceof Uint16Array) return 'uint16';
  if (values instanceof Int32Array) return 'int32';
  return 'float32';
}
