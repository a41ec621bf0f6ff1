import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'vitest';

/**
 * `n * classes` float32 logits, normally distributed with standard deviation `scale`, from a small
 * seeded generator (mulberry32 and Box-Muller): the same values on every run and backend.
 */
export function randomLogits(
  n: number,
  classes: number,
  scale: number,
  seed: number,
): Float32Array {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 2 ** 32;
  };
  return Float32Array.from(
    { length: n * classes },
    () => scale * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()),
  );
}

/** A small convnet's options (two blocks of 2 and 3 filters, 8 dense units, 4 classes). */
export const SMALL_CNN = { filters: [2, 3], kernelSize: 3, denseUnits: 8, numClasses: 4 } as const;

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error as Error,
  );
}

/** A 28 x 28 model's logits for two all-ones images, as plain numbers. */
export function predictions(model: tfl.LayersModel): number[] {
  return tf.tidy(() => Array.from((model.predict(tf.ones([2, 28, 28])) as tf.Tensor).dataSync()));
}
