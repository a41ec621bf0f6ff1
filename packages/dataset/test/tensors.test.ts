import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createExamples,
  DatasetOptionError,
  type MnistSplit,
  normalize,
  parseMnistSplit,
  toTensors,
} from '../src/index';
import { floatFeatures, imagesFile, labelsFile, pixelAt } from './fixtures';

describe('toTensors', () => {
  let split: MnistSplit;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    split = parseMnistSplit(imagesFile(5), labelsFile([0, 9, 3, 3, 7]));
  });

  it('turns a range into float32 [n, 28, 28] features and int32 [n] labels', async () => {
    const { features, labels } = toTensors(split, { start: 1, end: 4 });
    try {
      expect(features.shape).toEqual([3, 28, 28]);
      expect(features.dtype).toBe('float32');
      expect(labels.shape).toEqual([3]);
      expect(labels.dtype).toBe('int32');
      expect([...(await labels.data())]).toEqual([9, 3, 3]);
      const pixels = await features.data();
      for (const [n, p] of [
        [0, 0],
        [0, 783],
        [2, 400],
      ] as const) {
        expect(pixels[n * 784 + p]).toBe(Math.fround(pixelAt(n + 1, p) / 255));
      }
    } finally {
      tf.dispose([features, labels]);
    }
  });

  it('defaults to the whole split', () => {
    const { features, labels } = toTensors(split);
    expect(features.shape).toEqual([5, 28, 28]);
    expect(labels.shape).toEqual([5]);
    tf.dispose([features, labels]);
  });

  it('returns tf.memory().numTensors to its start once disposed', () => {
    const start = tf.memory().numTensors;
    const tensors = toTensors(split, { start: 0, end: 2 });
    expect(tf.memory().numTensors).toBe(start + 2);
    tf.dispose([tensors.features, tensors.labels]);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('rejects ranges outside the split without creating tensors', () => {
    const start = tf.memory().numTensors;
    expect(() => toTensors(split, { start: 2, end: 6 })).toThrow(
      'toTensors: end is 6; use a whole number from 3 to 5.',
    );
    expect(() => toTensors(split, { start: 3, end: 2 })).toThrow(DatasetOptionError);
    expect(() => toTensors(split, { start: -1 })).toThrow(DatasetOptionError);
    expect(() => toTensors(split, { start: -1 })).toThrow(
      'toTensors: start is -1; use a whole number from 0 to 4.',
    );
    expect(() => toTensors(split, { end: 1.5 })).toThrow(DatasetOptionError);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('refuses an empty range without creating tensors', () => {
    const start = tf.memory().numTensors;
    const empty = () => toTensors(split, { start: 2, end: 2 });
    expect(empty).toThrow(DatasetOptionError);
    expect(empty).toThrow('toTensors: end is 2; use a whole number from 3 to 5.');
    expect(() => toTensors(split, { start: 5 })).toThrow(
      'toTensors: start is 5; use a whole number from 0 to 4.',
    );
    expect(tf.memory().numTensors).toBe(start);
  });

  it('keeps float32 features of shape [8, 8] exactly as they are', async () => {
    const { features: values, shape } = floatFeatures(4, [8, 8]);
    const examples = createExamples({
      features: values,
      labels: new Int32Array([5, 0, 2, 5]),
      shape,
      numClasses: 6,
    });
    const start = tf.memory().numTensors;
    const { features, labels } = toTensors(examples, { start: 1, end: 4 });
    try {
      expect(features.shape).toEqual([3, 8, 8]);
      expect(features.dtype).toBe('float32');
      expect(await features.data()).toEqual(values.subarray(64, 256));
      expect([...(await labels.data())]).toEqual([0, 2, 5]);
    } finally {
      tf.dispose([features, labels]);
    }
    expect(tf.memory().numTensors).toBe(start);
  });

  it('gives uint8 features of shape [28, 28, 1] that shape, scaled as normalize does', async () => {
    const examples = { ...split, shape: [28, 28, 1] };
    const start = tf.memory().numTensors;
    const { features, labels } = toTensors(examples, { start: 3 });
    try {
      expect(features.shape).toEqual([2, 28, 28, 1]);
      expect(await features.data()).toEqual(normalize(split.features.subarray(3 * 784)));
      expect([...(await labels.data())]).toEqual([3, 7]);
    } finally {
      tf.dispose([features, labels]);
    }
    expect(tf.memory().numTensors).toBe(start);
  });
});
