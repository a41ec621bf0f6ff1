import type { Examples } from '@mnist-wasm/dataset';
import { createMnistMlp } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';

/**
 * A 2x2-pixel, 3-class model whose logits are known: the hidden layer is the identity (pixels are
 * non-negative, so relu changes nothing) and the logits are `x @ W + b`. Its dropout rate is 0.5,
 * so any evaluation run in training mode would give different results.
 */
export const KERNEL = [
  [2, -1, 0],
  [0, 3, -2],
  [-1, 0, 4],
  [1, 1, 1],
];
export const BIAS = [0.1, -0.2, 0.3];

export function createTinyModel(inputShape: readonly number[] = [2, 2]) {
  const model = createMnistMlp({
    inputShape,
    hiddenUnits: 4,
    numClasses: 3,
    dropoutRate: 0.5,
  });
  const identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  model.getLayer('hidden').setWeights([tf.tensor2d(identity, [4, 4]), tf.zeros([4])]);
  model.getLayer('logits').setWeights([tf.tensor2d(KERNEL), tf.tensor1d(BIAS)]);
  return model;
}

/** Five 2x2 images and their labels, of the tiny model's 3 classes. */
export const SPLIT: Examples & { readonly features: Uint8Array } = {
  features: new Uint8Array([
    255, 0, 0, 0, 0, 255, 0, 0, 0, 0, 255, 0, 51, 102, 153, 204, 255, 255, 255, 255,
  ]),
  labels: new Uint8Array([0, 1, 2, 0, 1]),
  count: 5,
  shape: [2, 2],
  numClasses: 3,
};

/** The tiny model's logits for image `i`, computed in plain JS from the pixels. */
export function expectedLogits(images: Uint8Array, i: number): number[] {
  return logitsOf(Array.from(images.subarray(i * 4, i * 4 + 4), (p) => p / 255));
}

/** The tiny model's logits for the 4 input values `x` (non-negative, so the ReLU passes them). */
export function logitsOf(x: readonly number[]): number[] {
  return BIAS.map((b, c) => b + x.reduce((sum, xi, k) => sum + xi * KERNEL[k]![c]!, 0));
}

export function softmax(row: number[]): number[] {
  const max = Math.max(...row);
  const exps = row.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}
