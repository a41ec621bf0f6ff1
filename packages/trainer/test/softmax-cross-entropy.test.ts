import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { softmaxCrossEntropy } from '../src/softmax-cross-entropy';
import { setup } from './helpers';

beforeAll(async () => {
  await setup();
});

describe('softmaxCrossEntropy', () => {
  it("gives TF.js's softmax cross-entropy, its gradient and the argmax accuracy", () => {
    const n = 6;
    const classes = 4;
    const logits = Float32Array.from({ length: n * classes }, (_, i) => Math.sin(i * 1.7) * 5);
    const labels = Int32Array.from([0, 3, 2, 1, 1, 0]);
    const gradient = new Float32Array(n * classes);
    const stats = softmaxCrossEntropy(logits, labels, classes, gradient);

    const x = tf.tensor2d(logits, [n, classes]);
    const targets = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
    const value = tf.losses.softmaxCrossEntropy(targets, x);
    // d(mean loss)/d(logits) = (softmax - onehot) / n, from TF.js's softmax.
    const grad = tf.div(tf.sub(tf.softmax(x), targets), n);
    const expectedLoss = value.dataSync()[0]!;
    const expectedGradient = grad.dataSync();
    tf.dispose([x, targets, value, grad]);
    expect(stats.loss).toBeCloseTo(expectedLoss, 5);
    for (let i = 0; i < gradient.length; i++)
      expect(gradient[i]).toBeCloseTo(expectedGradient[i]!, 6);

    const predicted = Array.from({ length: n }, (_, i) => {
      const row = Array.from(logits.subarray(i * classes, (i + 1) * classes));
      return row.indexOf(Math.max(...row));
    });
    expect(stats.correct).toBe(predicted.filter((p, i) => p === labels[i]).length);
  });

  it('returns a NaN loss when a logit is NaN', () => {
    const logits = Float32Array.from([0, Number.NaN, 1, 2]);
    const stats = softmaxCrossEntropy(logits, Int32Array.from([0, 1]), 2, new Float32Array(4));
    expect(stats.loss).toBeNaN();
  });
});
