import {
  createMnistCnn,
  createMnistMlp,
  MNIST_CNN_DEFAULTS,
  MNIST_MLP_DEFAULTS,
  summary,
} from '@mnist-wasm/model';
import type * as tfl from '@tensorflow/tfjs-layers';
import { cellHeading } from '../format';
import type { Print } from '../notebook-output';
import type { ModelKind } from '../options';

/** How each model kind appears in the cell's heading, in the notebook's Keras notation. */
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
 * The model of `kind`, its initial weights drawn from `seed`: the notebook's MLP, or with
 * `--model cnn` the model factory's convnet. Made before the data is loaded, so that what depends
 * on the model alone (the largest batch it can train with) is checked first; {@link showModel}
 * prints its cell in the notebook's order.
 */
export function buildModel(kind: ModelKind, seed: number): tfl.Sequential {
  return kind === 'cnn' ? createMnistCnn({ seed }) : createMnistMlp({ seed });
}

/** In [2]: the model's Keras code and its summary. */
export function showModel(kind: ModelKind, model: tfl.Sequential, print: Print): void {
  print(cellHeading(2, MODEL_CODE[kind]));
  print(summary(model));
}
