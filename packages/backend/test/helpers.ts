import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { registerKernelFixes, unregisterKernelFixes } from '../src/index';

/** Runs `fn` with the stock wasm kernels, then puts the fixes back. */
export function withStockKernels<T>(fn: () => T): T {
  unregisterKernelFixes();
  try {
    return fn();
  } finally {
    registerKernelFixes();
  }
}

/** Largest |actual - expected| relative to the largest |expected| (at least 1). */
export function relativeError(actual: tf.Tensor, expected: tf.Tensor): number {
  expect(actual.shape).toEqual(expected.shape);
  const a = actual.dataSync();
  const e = expected.dataSync();
  let maxDiff = 0;
  let scale = 1;
  for (let i = 0; i < e.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs((a[i] as number) - (e[i] as number)));
    scale = Math.max(scale, Math.abs(e[i] as number));
  }
  return maxDiff / scale;
}

/** Asserts that `fn` leaves neither engine tensors, bytes, nor backend buffers behind. */
export function expectNoLeak(fn: () => void): void {
  const before = tf.memory();
  const dataIds = tf.backend().numDataIds();
  fn();
  expect(tf.memory().numTensors).toBe(before.numTensors);
  expect(tf.memory().numBytes).toBe(before.numBytes);
  expect(tf.backend().numDataIds()).toBe(dataIds);
}

// Deterministic shapes: a small LCG, so failures reproduce.
export function shapeSource(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return 1 + (state % 17);
  };
}

export const FLAGS = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

export function operand(
  batch: number[],
  rows: number,
  cols: number,
  transpose: boolean,
  seed: number,
) {
  return tf.randomNormal(
    [...batch, ...(transpose ? [cols, rows] : [rows, cols])],
    0,
    1,
    'float32',
    seed,
  );
}

/** An integer in `[low, high]`. */
export function integer(random: () => number, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/** Seeded float32 values in [-1, 1), about `zeros` of them exactly 0. */
export function seededValues(random: () => number, count: number, zeros = 0): Float32Array {
  return Float32Array.from({ length: count }, () => (random() < zeros ? 0 : random() * 2 - 1));
}
