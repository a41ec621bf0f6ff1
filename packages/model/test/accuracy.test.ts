import { useCpuBackend } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { sparseCategoricalAccuracy, TensorShapeError } from '../src';

useCpuBackend();

describe('sparseCategoricalAccuracy', () => {
  const scores = [
    [0.1, 0.7, 0.2],
    [3, -1, 0],
    [0, 0, 5],
    [0.4, 0.5, 0.1],
    [2, 2, 1], // a tie: argmax takes the lowest class, 0
  ];
  const labels = [1, 0, 1, 0, 0];
  // Hand count: rows 0, 1 and 4 are right; row 2 predicts 2 (label 1), row 3 predicts 1 (label 0).
  const expected = 3 / 5;

  it('is the fraction of rows whose argmax equals the label', () => {
    tf.tidy(() => {
      const accuracy = sparseCategoricalAccuracy(tf.tensor1d(labels, 'int32'), tf.tensor2d(scores));
      expect(accuracy.shape).toEqual([]);
      expect(accuracy.dataSync()[0]).toBeCloseTo(expected, 6);
    });
  });

  it('accepts [n, 1] and float32 labels as compile passes them', () => {
    tf.tidy(() => {
      const predictions = tf.tensor2d(scores);
      const column = sparseCategoricalAccuracy(tf.tensor2d(labels, [5, 1], 'float32'), predictions);
      expect(column.dataSync()[0]).toBeCloseTo(expected, 6);
    });
  });

  it('rejects labels of another length with a typed error', () => {
    tf.tidy(() => {
      expect(() =>
        sparseCategoricalAccuracy(tf.tensor1d([0, 1], 'int32'), tf.tensor2d(scores)),
      ).toThrow(TensorShapeError);
    });
  });

  it('leaves no tensors behind', () => {
    const y = tf.tensor1d(labels, 'int32');
    const p = tf.tensor2d(scores);
    const before = tf.memory().numTensors;
    sparseCategoricalAccuracy(y, p).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([y, p]);
  });
});
