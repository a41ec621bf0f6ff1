import { useCpuBackend } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createMnistMlp, withSoftmax } from '../src';

useCpuBackend();

function softmaxRow(row: number[]): number[] {
  const max = Math.max(...row);
  const exps = row.map((x) => Math.exp(x - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

describe('withSoftmax', () => {
  it('outputs the softmax of the base model logits: rows in [0, 1] summing to 1', () => {
    const model = createMnistMlp({ seed: 5 });
    const probabilityModel = withSoftmax(model);
    tf.tidy(() => {
      const images = tf.randomUniform([4, 28, 28], 0, 1, 'float32', 9);
      const logits = (model.predict(images) as tf.Tensor).arraySync() as number[][];
      const probabilities = (
        probabilityModel.predict(images) as tf.Tensor
      ).arraySync() as number[][];
      expect(probabilities).toHaveLength(4);
      probabilities.forEach((row, i) => {
        expect(row).toHaveLength(10);
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        const expected = softmaxRow(logits[i]!);
        row.forEach((p, c) => {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeCloseTo(expected[c]!, 5);
        });
      });
    });
    model.dispose();
  });

  it('shares weights with the base model: changing a base bias changes the probabilities', () => {
    const model = createMnistMlp({ seed: 6 });
    const probabilityModel = withSoftmax(model);
    expect(probabilityModel.countParams()).toBe(model.countParams());
    tf.tidy(() => {
      const images = tf.zeros([1, 28, 28]);
      // Zero images and zero biases give zero logits: uniform probabilities.
      const before = (probabilityModel.predict(images) as tf.Tensor).dataSync();
      before.forEach((p) => {
        expect(p).toBeCloseTo(0.1, 6);
      });
      const logits = model.getLayer('logits');
      const [kernel] = logits.getWeights();
      const bias = Array.from({ length: 10 }, (_, c) => (c === 3 ? Math.log(9) : 0));
      logits.setWeights([kernel!, tf.tensor1d(bias)]);
      // Logit 3 is ln 9, the others 0: p3 = 9 / (9 + 9) = 0.5, each other 1/18.
      const after = (probabilityModel.predict(images) as tf.Tensor).dataSync();
      after.forEach((p, c) => {
        expect(p).toBeCloseTo(c === 3 ? 0.5 : 1 / 18, 5);
      });
    });
    model.dispose();
  });
});
