import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/**
 * Runs `body` and checks that it leaves `tf.memory().numTensors` where it found it: every tensor it
 * made (models included, once disposed) is gone.
 */
export function expectNoNewTensors<T>(body: () => T): T {
  const before = tf.memory().numTensors;
  const result = body();
  expect(tf.memory().numTensors).toBe(before);
  return result;
}
