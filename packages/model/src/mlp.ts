import * as tfl from '@tensorflow/tfjs-layers';
import { classifierHead } from './classifier-head';
import { builderChecks, type ClassifierOptions, withDefaults } from './classifier-options';

/** Options of {@link createMnistMlp}; every one defaults to the Keras notebook's value. */
export interface MnistMlpOptions extends ClassifierOptions {
  /** Units of the hidden ReLU layer: a positive integer. Default 128. */
  hiddenUnits?: number;
  /** Shape of one example, without the batch axis: positive integers. Default `[28, 28]`. */
  inputShape?: readonly number[];
}

/** The notebook's architecture: what {@link createMnistMlp} builds when given no options. */
export const MNIST_MLP_DEFAULTS = {
  hiddenUnits: 128,
  dropoutRate: 0.2,
  numClasses: 10,
  inputShape: [28, 28],
} as const satisfies Required<Omit<MnistMlpOptions, 'seed'>>;

/**
 * Names of the model's layers, in order. Keras calls them flatten, dense, dropout, dense_1; these
 * say each layer's role, and are what `model.getLayer(name)` takes. A model of a one-dimensional
 * `inputShape` (`[784]`) has no `flatten` layer.
 */
export const MNIST_MLP_LAYER_NAMES = {
  flatten: 'flatten',
  hidden: 'hidden',
  dropout: 'dropout',
  logits: 'logits',
} as const;

/**
 * Builds the Keras notebook's classifier as a TF.js layers model:
 * `Flatten(inputShape) -> Dense(hiddenUnits, relu) -> Dropout(dropoutRate) -> Dense(numClasses)`.
 *
 * The last layer has no activation: the model outputs logits, to be trained with
 * `sparseCategoricalCrossentropy({ fromLogits: true })` and turned into probabilities with
 * {@link withSoftmax}. Kernels are glorot-uniform, biases zero, as in Keras. With the defaults the
 * model has 101,770 trainable parameters.
 *
 * @param options - Architecture and seed; see {@link MnistMlpOptions}.
 * @returns An uncompiled `tf.Sequential`: input float32 `[batch, ...inputShape]` (pixels scaled to
 *   [0, 1] in the notebook), output float32 logits `[batch, numClasses]`.
 * @throws ModelOptionError when an option is out of range; the error names the option, the
 *   value given and what is allowed.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createMnistMlp } from '@mnist-wasm/model';
 *
 * const model = createMnistMlp({ seed: 42 });
 * model.countParams(); // 101770
 * const logits = model.predict(tf.zeros([1, 28, 28])) as tf.Tensor; // shape [1, 10]
 * ```
 */
export function createMnistMlp(options: MnistMlpOptions = {}): tfl.Sequential {
  const { hiddenUnits, dropoutRate, numClasses, inputShape, seed } = validateOptions(options);
  // Flatten takes inputs of rank 3 or more: a flat [features] example goes straight to Dense.
  const flat = inputShape.length === 1;
  return tfl.sequential({
    name: 'mnist_mlp',
    layers: [
      ...(flat
        ? []
        : [
            tfl.layers.flatten({
              name: MNIST_MLP_LAYER_NAMES.flatten,
              inputShape: [...inputShape],
            }),
          ]),
      ...classifierHead({
        units: hiddenUnits,
        dropoutRate,
        numClasses,
        seed,
        ...(flat && { inputShape }),
      }),
    ],
  });
}

const CALLER = 'createMnistMlp';

function validateOptions(options: MnistMlpOptions) {
  const { hiddenUnits, dropoutRate, numClasses, inputShape, seed } = withDefaults(
    options,
    MNIST_MLP_DEFAULTS,
  );
  const check = builderChecks(CALLER);
  check.positiveInteger('hiddenUnits', hiddenUnits, MNIST_MLP_DEFAULTS.hiddenUnits);
  check.head(dropoutRate, numClasses, MNIST_MLP_DEFAULTS.dropoutRate);
  check.positiveIntegers(
    'inputShape',
    inputShape,
    (length) => length > 0,
    'a non-empty array of positive integers such as [28, 28]',
  );
  check.seed(seed);
  return {
    hiddenUnits,
    dropoutRate,
    numClasses,
    inputShape: inputShape as readonly number[],
    seed,
  };
}
