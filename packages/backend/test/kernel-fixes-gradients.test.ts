import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's ops only get gradients once they are registered (the @tensorflow/tfjs bundle does it).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../src/index';
import { expectNoLeak, FLAGS, operand, relativeError, withStockKernels } from './helpers';

describe('gradients through the kernel fixes', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  for (const [transposeA, transposeB] of FLAGS) {
    it(`of matMul tA=${transposeA} tB=${transposeB} match the stock kernels`, () => {
      const a = operand([], 6, 9, transposeA, 11);
      const b = operand([], 9, 5, transposeB, 12);
      const weights = tf.randomNormal([6, 5], 0, 1, 'float32', 13);
      const loss = (x: tf.Tensor, y: tf.Tensor) =>
        tf.sum(tf.mul(tf.matMul(x, y, transposeA, transposeB), weights));
      const gradients = tf.grads(loss);
      const expected = withStockKernels(() => gradients([a, b]));
      expectNoLeak(() => {
        const actual = gradients([a, b]);
        expect(relativeError(actual[0] as tf.Tensor, expected[0] as tf.Tensor)).toBeLessThan(1e-5);
        expect(relativeError(actual[1] as tf.Tensor, expected[1] as tf.Tensor)).toBeLessThan(1e-5);
        tf.dispose(actual);
      });
      tf.dispose([a, b, weights, ...expected]);
    });
  }

  it('of a Dense layer (fused matMul + bias + relu) match the stock kernels', () => {
    const x = tf.randomNormal([8, 20], 0, 1, 'float32', 21);
    const w = tf.randomNormal([20, 7], 0, 0.3, 'float32', 22);
    const bias = tf.randomNormal([7], 0, 1, 'float32', 23);
    const labels = tf.randomNormal([8, 7], 0, 1, 'float32', 24);
    const loss = (xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) =>
      tf.sum(tf.mul(tf.fused.matMul({ a: xs, b: ws, bias: bs, activation: 'relu' }), labels));
    const gradients = tf.grads(loss);
    const expected = withStockKernels(() => gradients([x, w, bias]));
    expectNoLeak(() => {
      const actual = gradients([x, w, bias]);
      for (let i = 0; i < 3; i++) {
        expect(relativeError(actual[i] as tf.Tensor, expected[i] as tf.Tensor)).toBeLessThan(1e-5);
      }
      tf.dispose(actual);
    });
    tf.dispose([x, w, bias, labels, ...expected]);
  });
});
