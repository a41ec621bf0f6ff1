// The random convolutions the training kernels' gradient tests share, and the gradients of each
// on tfjs-backend-cpu and on wasm (training-kernels*.test.ts).
import { prng } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { integer } from './helpers';

export type Pad = 'same' | 'valid';
export type Shape4 = [number, number, number, number];

/** `size` values uniform in [-1, 1). */
export function values(random: () => number, size: number): Float32Array {
  return Float32Array.from({ length: size }, () => 2 * random() - 1);
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** max |actual - expected| / max |expected|: the relative error the tests bound. */
export function relativeDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs((actual[i] as number) - (expected[i] as number)));
    scale = Math.max(scale, Math.abs(expected[i] as number));
  }
  expect(scale).toBeGreaterThan(0);
  return diff / scale;
}

/** Runs `fn` on `backend`, then makes 'wasm' active again. */
export async function on<T>(backend: 'cpu' | 'wasm', fn: () => T): Promise<T> {
  await tf.setBackend(backend);
  try {
    return fn();
  } finally {
    await tf.setBackend('wasm');
  }
}

export interface ConvCase {
  name: string;
  xShape: Shape4;
  filterShape: Shape4;
  strides: [number, number];
  pad: Pad;
  dilations: [number, number];
}

/**
 * Random convolutions within the ranges of the brief: batch 1-3, sides 3-12, channels 1-5,
 * filters (or channel multipliers) 1-4, strides 1-3, same or valid padding; filter sides fit the
 * input. With `dilated`, a third of the cases get dilations 2-3 instead of strides (TF.js allows
 * one or the other).
 */
export function convCases(seed: number, count: number, dilated = false): ConvCase[] {
  const random = prng(seed);
  return Array.from({ length: count }, (_, i) => {
    const batch = integer(random, 1, 3);
    const height = integer(random, 3, 12);
    const width = integer(random, 3, 12);
    const channels = integer(random, 1, 5);
    const outer = integer(random, 1, 4); // filters, or the channel multiplier
    const pad: Pad = random() < 0.5 ? 'same' : 'valid';
    const dilation = dilated && i % 3 === 2 ? integer(random, 2, 3) : 1;
    // The dilated filter, (side - 1) · dilation + 1, must fit a valid convolution.
    const maxSide = (side: number) => Math.min(5, Math.floor((side - 1) / dilation) + 1);
    const fh = integer(random, 1, maxSide(height));
    const fw = integer(random, 1, maxSide(width));
    const strides: [number, number] =
      dilation > 1 ? [1, 1] : [integer(random, 1, 3), integer(random, 1, 3)];
    const xShape: Shape4 = [batch, height, width, channels];
    const filterShape: Shape4 = [fh, fw, channels, outer];
    const name = `x [${xShape}], filter [${filterShape}], strides [${strides}], ${pad}${
      dilation > 1 ? `, dilations ${dilation}` : ''
    }`;
    return { name, xShape, filterShape, strides, pad, dilations: [dilation, dilation] };
  });
}

export function outputShape(c: ConvCase, depthwise: boolean): Shape4 {
  const info = tf.backend_util.computeConv2DInfo(
    c.xShape,
    c.filterShape,
    c.strides,
    c.dilations,
    c.pad,
    undefined,
    depthwise,
  );
  return info.outShape as Shape4;
}

export type Conv = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D;

/** Gradients of `sum(conv(x, w) · weights)` with respect to x and w, as plain arrays. */
export function convGradients(
  conv: Conv,
  x: Float32Array,
  xShape: Shape4,
  w: Float32Array,
  wShape: Shape4,
  weights: Float32Array,
  weightsShape: Shape4,
): [Float32Array, Float32Array] {
  return tf.tidy(() => {
    const lossWeights = tf.tensor4d(weights, weightsShape);
    const gradients = tf.grads((xs: tf.Tensor, ws: tf.Tensor) =>
      tf.sum(tf.mul(conv(xs as tf.Tensor4D, ws as tf.Tensor4D), lossWeights)),
    );
    const [dx, dw] = gradients([tf.tensor4d(x, xShape), tf.tensor4d(w, wShape)]);
    return [dx!.dataSync() as Float32Array, dw!.dataSync() as Float32Array];
  });
}

/** The same gradients on 'cpu' and on 'wasm', for a case's seeded values. */
export async function bothBackends(c: ConvCase, conv: Conv, depthwise: boolean, seed: number) {
  const random = prng(seed);
  const x = values(random, sizeOf(c.xShape));
  const w = values(random, sizeOf(c.filterShape));
  const yShape = outputShape(c, depthwise);
  const weights = values(random, sizeOf(yShape));
  const run = () => convGradients(conv, x, c.xShape, w, c.filterShape, weights, yShape);
  const expected = await on('cpu', run);
  const actual = run();
  return { actual, expected };
}
