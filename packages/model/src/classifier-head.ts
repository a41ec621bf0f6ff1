import * as tfl from '@tensorflow/tfjs-layers';
import { deriveSeed } from './seeds';

/** The layers both MNIST classifiers end in, and what they need. */
export interface ClassifierHeadOptions {
  /** Units of the hidden ReLU layer. */
  units: number;
  dropoutRate: number;
  numClasses: number;
  /** Seed of the kernel initializers, or undefined for a fresh random initialization. */
  seed: number | undefined;
  /** The hidden layer's input shape, when the head is the model's first layer. */
  inputShape?: readonly number[];
}

/**
 * A glorot-uniform kernel initializer (as Keras's default) drawing from seed stream `stream` of
 * `seed`, so each layer has its own stream; unseeded when `seed` is undefined.
 */
export function seededGlorotUniform(seed: number | undefined, stream: number) {
  return tfl.initializers.glorotUniform(
    seed === undefined ? {} : { seed: deriveSeed(seed, stream) },
  );
}

/**
 * `Dense(units, relu) -> Dropout(dropoutRate) -> Dense(numClasses)`, named `hidden`, `dropout`
 * and `logits`, kernels glorot-uniform from seed streams 0 (hidden) and 1 (logits), biases zero.
 * The last layer has no activation: the model outputs logits.
 */
export function classifierHead(options: ClassifierHeadOptions): tfl.layers.Layer[] {
  const { units, dropoutRate, numClasses, seed, inputShape } = options;
  return [
    tfl.layers.dense({
      name: 'hidden',
      ...(inputShape && { inputShape: [...inputShape] }),
      units,
      activation: 'relu',
      kernelInitializer: seededGlorotUniform(seed, 0),
      biasInitializer: 'zeros',
    }),
    tfl.layers.dropout({ name: 'dropout', rate: dropoutRate }),
    tfl.layers.dense({
      name: 'logits',
      units: numClasses,
      activation: 'linear',
      kernelInitializer: seededGlorotUniform(seed, 1),
      biasInitializer: 'zeros',
    }),
  ];
}
