import { optionChecks } from '@mnist-wasm/errors';
import { DatasetOptionError, MnistContentError } from './errors';
import type { Examples } from './examples';
import { MNIST_CLASSES } from './files';
import { readMnistFile } from './mnist-file';

/**
 * One split of MNIST (train or test), as Keras's `mnist.load_data()` returns it, as
 * {@link Examples}:
 *
 * - `features`: `count * 784` pixels, row-major `[count, 28, 28]`, uint8 in 0-255 (scaled to
 *   [0, 1] batch by batch when trained on);
 * - `labels`: `count` digits, uint8 in 0-9;
 * - `shape`: `[28, 28]`; `numClasses`: 10.
 */
export interface MnistSplit extends Examples {
  readonly features: Uint8Array;
  readonly labels: Uint8Array;
}

/** The two splits of MNIST: 60,000 training and 10,000 test examples in the original files. */
export interface Mnist {
  readonly train: MnistSplit;
  readonly test: MnistSplit;
}

/** Options of {@link parseMnistSplit}. */
export interface ParseMnistSplitOptions {
  /** Name or path of the images file, for error messages. Default `'images'`. */
  imagesFile?: string;
  /** Name or path of the labels file, for error messages. Default `'labels'`. */
  labelsFile?: string;
  /** Keep only the first `limit` examples (all of them when the files hold fewer). Default: all. */
  limit?: number;
}

/**
 * Builds an MNIST split from the raw (uncompressed) bytes of an images and a labels IDX file.
 *
 * The whole of both files is validated, even with `limit`; with `limit`, the kept examples are
 * copied so the full buffers can be freed, otherwise the split's arrays are zero-copy views of the
 * input bytes (their `byteOffset` is the header length, not 0).
 *
 * @param imageBytes - An IDX file with magic 2051: uint8 `[count, 28, 28]`.
 * @param labelBytes - An IDX file with magic 2049: uint8 `[count]`, each in 0-9.
 * @returns `{ features, labels, count, shape: [28, 28], numClasses: 10 }`, features row-major uint8 0-255.
 * @throws IdxFormatError when either file is not valid IDX of its kind (see {@link readIdx}) or
 *   the images are not 28x28.
 * @throws MnistContentError when the files hold different numbers of examples, none (a count of
 *   0), or a label outside 0-9.
 * @throws DatasetOptionError when `limit` is not a whole number >= 0.
 *
 * @example
 * ```ts
 * const [images, labels] = await Promise.all(
 *   ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'].map(async (name) =>
 *     new Uint8Array(await (await fetch(`/mnist/${name}`)).arrayBuffer()),
 *   ),
 * );
 * const test = parseMnistSplit(images!, labels!, { limit: 1000 });
 * test.count; // 1000
 * ```
 */
export function parseMnistSplit(
  imageBytes: Uint8Array,
  labelBytes: Uint8Array,
  options: ParseMnistSplitOptions = {},
): MnistSplit {
  const { imagesFile = 'images', labelsFile = 'labels', limit } = options;
  if (limit !== undefined) {
    optionChecks(DatasetOptionError, 'parseMnistSplit').integer('limit', limit, {
      min: 0,
      allowed: 'a whole number >= 0',
    });
  }
  const images = readMnistFile(imageBytes, imagesFile, 'images');
  const labels = readMnistFile(labelBytes, labelsFile, 'labels');
  const [imageCount, rows, cols] = images.dims as [number, number, number];
  const labelCount = labels.dims[0]!;
  if (imageCount !== labelCount) {
    throw new MnistContentError(
      imagesFile,
      `${imagesFile} holds ${imageCount} images but ${labelsFile} holds ${labelCount} labels; use the images and labels files of the same split.`,
    );
  }
  const count = limit === undefined ? imageCount : Math.min(limit, imageCount);
  const shape = [rows, cols];
  if (count === imageCount) {
    return { features: images.data, labels: labels.data, count, shape, numClasses: MNIST_CLASSES };
  }
  return {
    features: images.data.slice(0, count * rows * cols),
    labels: labels.data.slice(0, count),
    count,
    shape,
    numClasses: MNIST_CLASSES,
  };
}
