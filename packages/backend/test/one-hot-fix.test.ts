import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../src/index';
import { expectNoLeak } from './helpers';

describe('OneHot fix', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  it('writes float on and off values, as the oneHot definition says', () => {
    const indices = tf.tensor1d([2, 0, 1], 'int32');
    const oneHot = tf.oneHot(indices, 4, 0.25, -1.5, 'float32');
    expect(oneHot.dtype).toBe('float32');
    expect(oneHot.arraySync()).toEqual([
      [-1.5, -1.5, 0.25, -1.5],
      [0.25, -1.5, -1.5, -1.5],
      [-1.5, 0.25, -1.5, -1.5],
    ]);
    tf.dispose([indices, oneHot]);
  });

  it('gives a row of off values for an index outside [0, depth)', () => {
    const indices = tf.tensor1d([5, -1], 'int32');
    const oneHot = tf.oneHot(indices, 3, 2, 0.5, 'float32');
    expect(oneHot.arraySync()).toEqual([
      [0.5, 0.5, 0.5],
      [0.5, 0.5, 0.5],
    ]);
    tf.dispose([indices, oneHot]);
  });

  it('keeps int32 one-hots equal to the integer definition', () => {
    const indices = tf.tensor2d([[1], [3]], [2, 1], 'int32');
    const oneHot = tf.oneHot(indices, 4);
    expect(oneHot.dtype).toBe('int32');
    expect(oneHot.shape).toEqual([2, 1, 4]);
    expect(oneHot.arraySync()).toEqual([[[0, 1, 0, 0]], [[0, 0, 0, 1]]]);
    tf.dispose([indices, oneHot]);
  });

  it('leaks no tensors', () => {
    expectNoLeak(() => {
      const indices = tf.tensor1d([0, 1], 'int32');
      tf.dispose([tf.oneHot(indices, 10, 1 / 32, 0, 'float32'), indices]);
    });
  });
});
