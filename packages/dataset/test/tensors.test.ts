import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type MnistSplit, parseMnistSplit, toTensors } from '../src/index';
import { imagesFile, labelsFile, pixelAt } from './fixtures';

describe('toTensors', () => {
  let split: MnistSplit;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    split = parseMnistSplit(imagesFile(5), labelsFile([0, 9, 3, 3, 7]));
  });

  it('turns a range into float32 [n, 28, 28] images and int32 [n] labels', async () => {
    const { images, labels } = toTensors(split, { start: 1, end: 4 });
    try {
      expect(images.shape).toEqual([3, 28, 28]);
      expect(images.dtype).toBe('float32');
      expect(labels.shape).toEqual([3]);
      expect(labels.dtype).toBe('int32');
      expect([...(await labels.data())]).toEqual([9, 3, 3]);
      const pixels = await images.data();
      for (const [n, p] of [
        [0, 0],
        [0, 783],
        [2, 400],
      ] as const) {
        expect(pixels[n * 784 + p]).toBe(Math.fround(pixelAt(n + 1, p) / 255));
      }
    } finally {
      tf.dispose([images, labels]);
    }
  });

  it('defaults to the whole split', () => {
    const { images, labels } = toTensors(split);
    expect(images.shape).toEqual([5, 28, 28]);
    expect(labels.shape).toEqual([5]);
    tf.dispose([images, labels]);
  });

  it('returns tf.memory().numTensors to its start once disposed', () => {
    const start = tf.memory().numTensors;
    const tensors = toTensors(split, { start: 0, end: 2 });
    expect(tf.memory().numTensors).toBe(start + 2);
    tf.dispose([tensors.images, tensors.labels]);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('rejects ranges outside the split without creating tensors', () => {
    const start = tf.memory().numTensors;
    expect(() => toTensors(split, { start: 2, end: 6 })).toThrow(
      /range \{ start: 2, end: 6 \} is not within the split of 5 examples/,
    );
    expect(() => toTensors(split, { start: 3, end: 2 })).toThrow(RangeError);
    expect(() => toTensors(split, { start: -1 })).toThrow(RangeError);
    expect(() => toTensors(split, { end: 1.5 })).toThrow(RangeError);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('gives an empty range as empty tensors', () => {
    const { images, labels } = toTensors(split, { start: 2, end: 2 });
    expect(images.shape).toEqual([0, 28, 28]);
    expect(labels.shape).toEqual([0]);
    tf.dispose([images, labels]);
  });
});
