import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  initWasmBackend,
  KernelNotRegisteredError,
  kernelFixesRegistered,
  registerKernelFixes,
  unregisterKernelFixes,
} from '../src/index';
import {
  expectNoLeak,
  FLAGS,
  operand,
  relativeError,
  shapeSource,
  withStockKernels,
} from './helpers';

describe('kernel fixes', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  it('register and unregister are idempotent', () => {
    expect(kernelFixesRegistered()).toBe(true);
    registerKernelFixes();
    expect(kernelFixesRegistered()).toBe(true);
    unregisterKernelFixes();
    unregisterKernelFixes();
    expect(kernelFixesRegistered()).toBe(false);
    registerKernelFixes();
    expect(kernelFixesRegistered()).toBe(true);
  });

  it('register names the stock kernel it cannot find', () => {
    unregisterKernelFixes();
    const stock = tf.getKernel('BatchMatMul', 'wasm')!;
    tf.unregisterKernel('BatchMatMul', 'wasm');
    try {
      expect(registerKernelFixes).toThrow(KernelNotRegisteredError);
      expect(registerKernelFixes).toThrow(
        "registerKernelFixes: the 'wasm' backend has no BatchMatMul kernel; import '@tensorflow/tfjs-backend-wasm' first",
      );
    } finally {
      tf.registerKernel(stock);
      registerKernelFixes();
    }
    expect(kernelFixesRegistered()).toBe(true);
  });

  const next = shapeSource(7);
  const cases: Array<{ m: number; k: number; n: number; batchA: number[]; batchB: number[] }> = [
    { m: 32, k: 784, n: 128, batchA: [], batchB: [] }, // Dense 1 of the MNIST model
    { m: 32, k: 128, n: 10, batchA: [], batchB: [] }, // Dense 2
    { m: next(), k: next(), n: next(), batchA: [], batchB: [] },
    { m: next(), k: next(), n: next(), batchA: [], batchB: [] },
    { m: next(), k: next(), n: next(), batchA: [1], batchB: [1] },
    { m: next(), k: next(), n: next(), batchA: [3], batchB: [3] },
    { m: next(), k: next(), n: next(), batchA: [2, 2], batchB: [2, 2] },
    { m: next(), k: next(), n: next(), batchA: [1], batchB: [4] },
    { m: next(), k: next(), n: next(), batchA: [4], batchB: [1] },
  ];

  for (const { m, k, n, batchA, batchB } of cases) {
    for (const [transposeA, transposeB] of FLAGS) {
      const name = `matMul [${batchA}]${m}x${k} · [${batchB}]${k}x${n} tA=${transposeA} tB=${transposeB}`;
      it(`${name} matches the stock kernel`, () => {
        const a = operand(batchA, m, k, transposeA, m * 31 + k);
        const b = operand(batchB, k, n, transposeB, n * 17 + k);
        const expected = withStockKernels(() => tf.matMul(a, b, transposeA, transposeB));
        expectNoLeak(() => {
          const actual = tf.matMul(a, b, transposeA, transposeB);
          expect(relativeError(actual, expected)).toBeLessThan(1e-5);
          actual.dispose();
        });
        tf.dispose([a, b, expected]);
      });
    }
  }

  it('multiplies fresh weights swapped and reused weights directly, both like the stock kernel', () => {
    // 32x784 · 784x128 packs less swapped; the second product by the same b takes the direct,
    // cached path. Either way the values must be the stock kernel's, and nothing may leak.
    const b = operand([], 784, 128, false, 5);
    for (const seed of [1, 2, 3]) {
      const a = operand([], 32, 784, false, seed);
      const expected = withStockKernels(() => tf.matMul(a, b));
      expectNoLeak(() => {
        const actual = tf.matMul(a, b);
        expect(relativeError(actual, expected)).toBeLessThan(1e-5);
        actual.dispose();
      });
      tf.dispose([a, expected]);
    }
    b.dispose();
  });

  const activations = ['linear', 'relu', 'relu6', 'sigmoid', 'elu', 'leakyrelu', 'prelu'] as const;
  for (const [transposeA, transposeB] of FLAGS) {
    for (const activation of activations) {
      for (const batch of [[], [1], [3]]) {
        it(`fused matMul [${batch}] + bias + ${activation} tA=${transposeA} tB=${transposeB} matches unfused ops`, () => {
          const [m, k, n] = [next(), next(), next() + 1];
          const a = operand(batch, m, k, transposeA, m + 100 * k);
          const b = operand(batch, k, n, transposeB, n + 100 * k);
          const bias = tf.randomNormal([n], 0, 1, 'float32', n);
          const alpha = tf.randomUniform([n], 0, 0.5, 'float32', k);
          // Reference from separate stock ops: the stock fused kernel adds the bias wrongly when
          // transposing, so it cannot be the reference there.
          const expected = withStockKernels(() =>
            tf.tidy(() => {
              const z = tf.add(tf.matMul(a, b, transposeA, transposeB), bias);
              switch (activation) {
                case 'linear':
                  return z;
                case 'relu':
                  return tf.relu(z);
                case 'relu6':
                  return tf.relu6(z);
                case 'sigmoid':
                  return tf.sigmoid(z);
                case 'elu':
                  return tf.elu(z);
                case 'leakyrelu':
                  return tf.leakyRelu(z, 0.3);
                case 'prelu':
                  return tf.prelu(z, alpha);
              }
            }),
          );
          const fusedMatMul = () =>
            tf.fused.matMul({
              a,
              b,
              transposeA,
              transposeB,
              bias,
              activation,
              leakyreluAlpha: 0.3,
              ...(activation === 'prelu' ? { preluActivationWeights: alpha } : {}),
            });
          expectNoLeak(() => {
            const actual = fusedMatMul();
            if (batch.length === 1 && batch[0] === 3) {
              // Batched with bias stays on the stock kernel (same bias bug): compare to it instead.
              const stock = withStockKernels(fusedMatMul);
              expect(relativeError(actual, stock)).toBeLessThan(1e-5);
              stock.dispose();
            } else {
              expect(relativeError(actual, expected)).toBeLessThan(1e-5);
            }
            actual.dispose();
          });
          tf.dispose([a, b, bias, alpha, expected]);
        });
      }
    }
  }

  it('broadcasts a one-element bias like the unfused ops do', () => {
    const a = tf.randomNormal([1, 5, 4], 0, 1, 'float32', 1);
    const b = tf.randomNormal([1, 4, 6], 0, 1, 'float32', 2);
    const bias = tf.tensor1d([0.75]);
    const expected = withStockKernels(() => tf.tidy(() => tf.relu(tf.add(tf.matMul(a, b), bias))));
    expectNoLeak(() => {
      const actual = tf.fused.matMul({ a, b, bias, activation: 'relu' });
      expect(relativeError(actual, expected)).toBeLessThan(1e-5);
      actual.dispose();
    });
    tf.dispose([a, b, bias, expected]);
  });
});
