import { initWasmBackend } from '@mnist-wasm/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { allFinite, finiteProbe } from '../src/finite-checks';

beforeAll(async () => {
  await initWasmBackend();
});

describe('allFinite', () => {
  it('answers as the probe does, for a non-finite value in any tensor, without a leak', () => {
    const finite = [tf.ones([3, 5]), tf.tensor1d([0, -1e38, 1e-45, 7])];
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      for (let which = 0; which < finite.length; which++) {
        const tensors = finite.map((tensor, i) =>
          i === which
            ? tf.tidy(() => tf.concat([tf.reshape(tensor, [-1]), tf.tensor1d([bad])]))
            : tensor,
        );
        const before = tf.memory().numTensors;
        expect(allFinite(tensors)).toBe(false);
        expect(tf.memory().numTensors).toBe(before);
        const probe = tf.tidy(() => finiteProbe(tensors));
        expect(Number.isNaN(probe.dataSync()[0])).toBe(true);
        tf.dispose([probe, tensors[which]!]);
      }
    }
    expect(allFinite(finite)).toBe(true);
    expect(allFinite([])).toBe(true);
    tf.dispose(finite);
  });
});
