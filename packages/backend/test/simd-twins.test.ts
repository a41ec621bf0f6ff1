import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  adamUpdate,
  convKernelsUseSimd,
  denseBackward,
  denseForward,
  denseKernelsUseSimd,
  initWasmBackend,
  tensorFromByteRows,
  useSimdModules,
} from '../src/index';

beforeAll(async () => {
  await initWasmBackend();
});

afterEach(() => {
  useSimdModules(true);
});

/**
 * `run()` with the SIMD modules, then with them refused (every kernel on its JavaScript twin):
 * the values of what each returned. `toEqual` on them compares numbers with `Object.is`, so
 * 0 and -0 differ and NaN equals NaN: equal to the bit but for NaN's payload.
 */
function bothRoutes(run: () => tf.Tensor[]): [number[][], number[][]] {
  const values = () => tf.tidy(() => run().map((t) => Array.from(t.dataSync() as Float32Array)));
  const simd = values();
  useSimdModules(false);
  try {
    return [simd, values()];
  } finally {
    useSimdModules(true);
  }
}

/** Deterministic float32 values: a small LCG, uniform in [-scale, scale), every `zeroEvery`th 0. */
function values(count: number, seed: number, scale = 1, zeroEvery = 0): Float32Array {
  let state = seed;
  return Float32Array.from({ length: count }, (_, i) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    if (zeroEvery > 0 && i % zeroEvery === 0) return 0;
    return (state / 1073741824 - 1) * scale;
  });
}

describe('useSimdModules', () => {
  it('turns the SIMD modules off for every kernel, and back on', () => {
    expect(denseKernelsUseSimd()).toBe(true);
    expect(convKernelsUseSimd()).toBe(true);
    useSimdModules(false);
    expect(denseKernelsUseSimd()).toBe(false);
    expect(convKernelsUseSimd()).toBe(false);
    useSimdModules(true);
    expect(denseKernelsUseSimd()).toBe(true);
    expect(convKernelsUseSimd()).toBe(true);
  });
});

describe('the JavaScript twins give the SIMD kernels’ bits', () => {
  it.each(['keras', 'tfjs'] as const)(
    'adamUpdate, %s epsilon: weights and moments over five steps, lengths with and without a remainder of 4',
    (epsilonMode) => {
      const lengths = [1, 3, 4, 7, 130];
      const run = () => {
        let slots: Array<{
          weights: tf.Tensor;
          firstMoments: tf.Tensor;
          secondMoments: tf.Tensor;
        }> = lengths.map((length, i) => ({
          weights: tf.tensor1d(values(length, 10 + i, 0.5)),
          firstMoments: tf.zeros([length]),
          // Second moments near the smallest normal float32: some decay below it and are flushed.
          secondMoments: tf.tensor1d(values(length, 20 + i, 2e-38)),
        }));
        const out: tf.Tensor[] = [];
        for (let step = 1; step <= 5; step++) {
          const updates = adamUpdate(
            slots.map((slot, i) => ({
              ...slot,
              gradients: tf.tensor1d(values(lengths[i]!, 100 * step + i, 0.1, 5)),
            })),
            { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step, epsilonMode },
          );
          slots = updates;
          out.push(...updates.flatMap((u) => [u.weights, u.firstMoments, u.secondMoments]));
        }
        return out;
      };
      const [simd, plain] = bothRoutes(run);
      expect(plain).toEqual(simd);
      // The test is not empty: the moments move, and some are flushed to zero.
      expect(simd.flat().some((v) => v !== 0)).toBe(true);
    },
  );

  it.each([255, 0.3, 7])('tensorFromByteRows, divisor %s (float32 or not)', (divisor) => {
    const bytes = Uint8Array.from({ length: 3 * 275 }, (_, i) => (i * 7) % 256);
    const [simd, plain] = bothRoutes(() => [
      tensorFromByteRows(bytes, [2, 0, 1], 275, { divisor }),
    ]);
    expect(plain).toEqual(simd);
  });

  it.each([
    [5, 37, 45, 'relu', true],
    [9, 40, 10, 'linear', false],
    [3, 33, 70, 'relu', false],
  ] as const)(
    'denseForward and denseBackward: x [%i, %i], kernel [.., %i], %s, mask %s',
    (rows, k, n, activation, masked) => {
      const run = () => {
        const x = tf.tensor2d(values(rows * k, 1, 1, 3), [rows, k]);
        const kernel = tf.tensor2d(values(k * n, 2, 0.3), [k, n]);
        const bias = tf.tensor1d(values(n, 3, 0.1));
        const mask = masked ? tf.tensor2d(values(rows * n, 4, 1.25, 4), [rows, n]) : undefined;
        const forward = denseForward(x, kernel, { bias, activation, mask });
        const dy = tf.tensor2d(values(rows * n, 5, 1, 7), [rows, n]);
        const backward = denseBackward(dy, {
          x,
          kernel,
          output: forward.output,
          activation,
          mask,
          bias: true,
          inputGradient: true,
        });
        return [forward.output, backward.kernel, backward.bias!, backward.input!];
      };
      const [simd, plain] = bothRoutes(run);
      expect(plain).toEqual(simd);
    },
  );
});
