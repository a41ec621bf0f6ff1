import * as tfl from '@tensorflow/tfjs-layers';
import { classifierHead, seededGlorotUniform } from './classifier-head';
import { builderChecks, type ClassifierOptions, withDefaults } from './classifier-options';
import { ModelOptionError } from './errors';

/** Options of {@link createMnistCnn}; each has a default in {@link MNIST_CNN_DEFAULTS}. */
export interface MnistCnnOptions extends ClassifierOptions {
  /**
   * Filters of each convolution block, in order: one `Conv2D(relu) -> MaxPooling2D(2)` block per
   * entry, 1 to 4 entries of positive integers. Default `[8, 16]`.
   */
  filters?: readonly number[];
  /** Height and width of every convolution kernel: a positive integer. Default 5. */
  kernelSize?: number;
  /** Units of the hidden ReLU layer after the blocks: a positive integer. Default 128. */
  denseUnits?: number;
  /**
   * Shape of one example, without the batch axis: `[height, width, channels]` or `[height, width]`
   * (one channel) of positive integers. Either way the model's input is rank 3: `[28, 28]` builds a
   * model of input `[28, 28, 1]`. Every block must leave at least one pixel: each convolution
   * (valid padding) takes `kernelSize - 1` pixels off height and width, each pooling halves them,
   * rounding down. Default `[28, 28, 1]`.
   */
  inputShape?: readonly number[];
}

/** What {@link createMnistCnn} builds when given no options. */
export const MNIST_CNN_DEFAULTS = {
  filters: [8, 16],
  kernelSize: 5,
  denseUnits: 128,
  dropoutRate: 0.5,
  numClasses: 10,
  inputShape: [28, 28, 1],
} as const satisfies Required<Omit<MnistCnnOptions, 'seed'>>;

/** The most convolution blocks {@link createMnistCnn} builds: the most entries of `filters`. */
export const MNIST_CNN_MAX_BLOCKS = 4;

/**
 * Names of the model's layers, what `model.getLayer(name)` takes. Block `i` (one-based, 1 to
 * `filters.length`) has layers `conv(i)` and `pool(i)`: `conv1`, `pool1`, `conv2`, `pool2`, ...;
 * then come `flatten`, `hidden`, `dropout` and `logits`.
 */
export const MNIST_CNN_LAYER_NAMES = {
  conv: (block: number) => `conv${block}`,
  pool: (block: number) => `pool${block}`,
  flatten: 'flatten',
  hidden: 'hidden',
  dropout: 'dropout',
  logits: 'logits',
} as const;

/**
 * Builds a small convolutional classifier as a TF.js layers model: for each entry `f` of `filters`
 * a block `Conv2D(f, kernelSize, relu, valid) -> MaxPooling2D(2)`, then
 * `Flatten -> Dense(denseUnits, relu) -> Dropout(dropoutRate) -> Dense(numClasses)`.
 *
 * The last layer has no activation: the model outputs logits, to be trained with
 * `sparseCategoricalCrossentropy({ fromLogits: true })` and turned into probabilities with
 * {@link withSoftmax}. Kernels are glorot-uniform, biases zero, as in Keras. Layer names are in
 * {@link MNIST_CNN_LAYER_NAMES}.
 *
 * The model's input is rank 3, `[height, width, channels]`, also when `inputShape` is given as
 * `[height, width]`. The trainer and the evaluator reshape each batch to the model's input shape,
 * so MNIST's `[28, 28]` examples feed a `[28, 28, 1]` model as they are; calling `model.predict`
 * directly takes `[batch, 28, 28, 1]`.
 *
 * @param options - Architecture and seed; see {@link MnistCnnOptions}.
 * @returns An uncompiled `tf.Sequential`: input float32 `[batch, height, width, channels]` (pixels
 *   scaled to [0, 1]), output float32 logits `[batch, numClasses]`.
 * @throws ModelOptionError when an option is out of range, or when `inputShape` is too small for
 *   the blocks of `filters` and `kernelSize`; the error names the option, the value given and
 *   what is allowed.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createMnistCnn, summary } from '@mnist-wasm/model';
 *
 * const model = createMnistCnn({ seed: 42 });
 * console.log(summary(model)); // conv1 (None, 24, 24, 8), pool1 (None, 12, 12, 8), ...
 * const logits = model.predict(tf.zeros([1, 28, 28, 1])) as tf.Tensor; // shape [1, 10]
 *
 * // Three blocks of 3x3 kernels on 28x28 images: 28 -> 26 -> 13 -> 11 -> 5 -> 3 -> 1.
 * const deeper = createMnistCnn({ filters: [16, 32, 64], kernelSize: 3 });
 * ```
 */
export function createMnistCnn(options: MnistCnnOptions = {}): tfl.Sequential {
  const { filters, kernelSize, denseUnits, dropoutRate, numClasses, inputShape, seed } =
    validateOptions(options);
  // Seed streams: hidden 0, logits 1, conv block i (one-based) 1 + i, so that adding a block keeps
  // the streams of the others.
  const blocks = filters.flatMap((units, index) => {
    const block = index + 1;
    return [
      tfl.layers.conv2d({
        name: MNIST_CNN_LAYER_NAMES.conv(block),
        ...(index === 0 && { inputShape: [...inputShape] }),
        filters: units,
        kernelSize,
        padding: 'valid',
        activation: 'relu',
        kernelInitializer: seededGlorotUniform(seed, 1 + block),
        biasInitializer: 'zeros',
      }),
      tfl.layers.maxPooling2d({ name: MNIST_CNN_LAYER_NAMES.pool(block), poolSize: 2 }),
    ];
  });
  return tfl.sequential({
    name: 'mnist_cnn',
    layers: [
      ...blocks,
      tfl.layers.flatten({ name: MNIST_CNN_LAYER_NAMES.flatten }),
      ...classifierHead({ units: denseUnits, dropoutRate, numClasses, seed }),
    ],
  });
}

const CALLER = 'createMnistCnn';

function validateOptions(options: MnistCnnOptions) {
  const { filters, kernelSize, denseUnits, dropoutRate, numClasses, inputShape, seed } =
    withDefaults(options, MNIST_CNN_DEFAULTS);
  const check = builderChecks(CALLER);
  check.positiveIntegers(
    'filters',
    filters,
    (length) => length > 0 && length <= MNIST_CNN_MAX_BLOCKS,
    `an array of 1 to ${MNIST_CNN_MAX_BLOCKS} positive integers, one convolution block each, such as ${listOf(MNIST_CNN_DEFAULTS.filters)}`,
  );
  check.positiveInteger('kernelSize', kernelSize, MNIST_CNN_DEFAULTS.kernelSize);
  check.positiveInteger('denseUnits', denseUnits, MNIST_CNN_DEFAULTS.denseUnits);
  check.head(dropoutRate, numClasses, MNIST_CNN_DEFAULTS.dropoutRate);
  check.positiveIntegers(
    'inputShape',
    inputShape,
    (length) => length === 2 || length === 3,
    `[height, width] or [height, width, channels] of positive integers such as ${listOf(MNIST_CNN_DEFAULTS.inputShape)}`,
  );
  check.seed(seed);
  const [height, width, channels = 1] = inputShape as readonly number[];
  checkBlocksFit(filters as readonly number[], kernelSize, inputShape as readonly number[], [
    height!,
    width!,
  ]);
  return {
    filters: filters as readonly number[],
    kernelSize,
    denseUnits,
    dropoutRate,
    numClasses,
    inputShape: [height!, width!, channels] as const,
    seed,
  };
}

/**
 * Throws unless every block leaves at least one pixel of height and width. When some blocks fit,
 * `filters` is at fault (too many blocks); when none does, `inputShape` (too small for one).
 */
function checkBlocksFit(
  filters: readonly number[],
  kernelSize: number,
  inputShape: readonly number[],
  [height, width]: readonly [number, number],
): void {
  const fitting = Math.min(blocksThatFit(height, kernelSize), blocksThatFit(width, kernelSize));
  if (fitting >= filters.length) return;
  const rule = `each block's ${kernelSize}x${kernelSize} convolution takes ${kernelSize - 1} pixels off height and width, its pooling halves them`;
  if (fitting > 0) {
    throw new ModelOptionError(
      CALLER,
      'filters',
      filters,
      `at most ${fitting} ${fitting === 1 ? 'entry' : 'entries'} for inputShape ${listOf(inputShape)} (${rule}), or a smaller kernelSize or a larger inputShape`,
    );
  }
  throw new ModelOptionError(
    CALLER,
    'inputShape',
    inputShape,
    `a height and width of at least ${smallestSide(filters.length, kernelSize)} for ${filters.length} ${filters.length === 1 ? 'block' : 'blocks'} of kernelSize ${kernelSize} (${rule}), or a smaller kernelSize or fewer filters entries`,
  );
}

/** How many conv (valid) + pool (2) blocks a side of `size` pixels goes through, leaving >= 1. */
function blocksThatFit(size: number, kernelSize: number): number {
  let side = size;
  let blocks = 0;
  while (blocks < MNIST_CNN_MAX_BLOCKS) {
    side = Math.floor((side - kernelSize + 1) / 2);
    if (side < 1) break;
    blocks++;
  }
  return blocks;
}

/** The smallest side that goes through `blocks` blocks of `kernelSize` leaving one pixel. */
function smallestSide(blocks: number, kernelSize: number): number {
  let side = 1;
  for (let i = 0; i < blocks; i++) side = 2 * side + kernelSize - 1;
  return side;
}

function listOf(values: readonly unknown[]): string {
  return `[${values.join(', ')}]`;
}
