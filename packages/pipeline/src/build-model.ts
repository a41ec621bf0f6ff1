import {
  createMnistCnn,
  createMnistMlp,
  MNIST_CNN_DEFAULTS,
  MNIST_MLP_DEFAULTS,
  summary,
} from '@mnist-wasm/model';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ModelKind } from './model-kind';

/** What {@link buildModel} returns: the model, and how the notebook shows it. */
export interface BuiltModel {
  /** The new model, its weights drawn from the seed; the caller disposes it. */
  model: tfl.Sequential;
  kind: ModelKind;
  /** The model in the notebook's Keras notation: `model = Sequential([Flatten, Dense(128, relu), ...])`. */
  code: string;
  /** Keras's `model.summary()` text: layers, output shapes, parameter counts. */
  summary: string;
}

/** How each model kind reads in the notebook's Keras notation. */
const MODEL_CODE: Record<ModelKind, string> = {
  mlp: sequential([
    'Flatten',
    `Dense(${MNIST_MLP_DEFAULTS.hiddenUnits}, relu)`,
    `Dropout(${MNIST_MLP_DEFAULTS.dropoutRate})`,
    `Dense(${MNIST_MLP_DEFAULTS.numClasses})`,
  ]),
  cnn: sequential([
    ...MNIST_CNN_DEFAULTS.filters.flatMap((filters) => [
      `Conv2D(${filters}, ${MNIST_CNN_DEFAULTS.kernelSize}, relu)`,
      'MaxPool(2)',
    ]),
    'Flatten',
    `Dense(${MNIST_CNN_DEFAULTS.denseUnits}, relu)`,
    `Dropout(${MNIST_CNN_DEFAULTS.dropoutRate})`,
    `Dense(${MNIST_CNN_DEFAULTS.numClasses})`,
  ]),
};

function sequential(layers: string[]): string {
  return `model = Sequential([${layers.join(', ')}])`;
}

/**
 * In [2]: the model of `kind`, its initial weights drawn from `seed`: the notebook's MLP
 * (`[28, 28]` uint8 or float input, 10 logits out) or the convnet (`[28, 28, 1]` input, which
 * takes `[28, 28]` examples too). Nothing is trained or compiled; `fitModel` trains it.
 *
 * @param kind - `'mlp'` or `'cnn'` (see {@link MODEL_KINDS}).
 * @param options.seed - Seed of the initial weights: the same seed, the same weights.
 * @throws ModelOptionError (from `@mnist-wasm/model`) for a seed that is not a whole number.
 *
 * @example
 * ```ts
 * const { model, summary } = buildModel('mlp', { seed: 1 });
 * console.log(summary); // Model: "mnist_mlp" ... Total params: 101,770
 * model.dispose();
 * ```
 */
export function buildModel(kind: ModelKind, options: { seed?: number } = {}): BuiltModel {
  const model = kind === 'cnn' ? createMnistCnn(options) : createMnistMlp(options);
  return { model, kind, code: MODEL_CODE[kind], summary: summary(model) };
}
