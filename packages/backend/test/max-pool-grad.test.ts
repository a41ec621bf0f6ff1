import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's ops only get gradients once they are registered (the @tensorflow/tfjs bundle does it).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { prng } from '@mnist-wasm/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXED_KERNEL_NAMES, initWasmBackend } from '../src/index';
import { expectNoLeak, integer, withStockKernels } from './helpers';

type Shape4 = [number, number, number, number];

interface PoolCase {
  name: string;
  xShape: Shape4;
  filterSize: [number, number];
  strides: [number, number];
  pad: 'same' | 'valid';
}

/** Random pools: batch 1-3, sides 3-12, channels 1-5, windows 1-3, strides 1-3, same or valid. */
function poolCases(seed: number, count: number): PoolCase[] {
  const random = prng(seed);
  return Array.from({ length: count }, () => {
    const xShape: Shape4 = [
      integer(random, 1, 3),
      integer(random, 3, 12),
      integer(random, 3, 12),
      integer(random, 1, 5),
    ];
    const filterSize: [number, number] = [integer(random, 1, 3), integer(random, 1, 3)];
    const strides: [number, number] = [integer(random, 1, 3), integer(random, 1, 3)];
    const pad = random() < 0.5 ? 'same' : 'valid';
    const name = `x [${xShape}], window [${filterSize}], strides [${strides}], ${pad}`;
    return { name, xShape, filterSize, strides, pad };
  });
}

/**
 * Values like a ReLU's output: a third are exactly 0 and the rest take 4 levels, so most windows
 * hold ties, whose gradient goes to the first maximum in row-major order.
 */
function tiedValues(random: () => number, size: number): Float32Array {
  return Float32Array.from({ length: size }, () =>
    random() < 0.33 ? 0 : integer(random, 1, 4) / 4,
  );
}

/** The gradient of `sum(maxPool(x) * weights)` with respect to `x`, on the active backend. */
function maxPoolGradient(c: PoolCase, x: Float32Array, weights: Float32Array): Float32Array {
  return tf.tidy(() => {
    const input = tf.tensor4d(x, c.xShape);
    const gradient = tf.grad((t: tf.Tensor) => {
      const pooled = tf.maxPool(t as tf.Tensor4D, c.filterSize, c.strides, c.pad);
      return tf.sum(tf.mul(pooled, tf.tensor(weights, pooled.shape)));
    })(input);
    return gradient.dataSync() as Float32Array;
  });
}

/** Equal up to float rounding: overlapping windows add their gradients in another order. */
function expectClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, j) => {
    expect(Math.abs(value - (expected[j] as number))).toBeLessThanOrEqual(1e-6);
  });
}

function pooledSize(c: PoolCase): number {
  const info = tf.backend_util.computePool2DInfo(c.xShape, c.filterSize, c.strides, 1, c.pad);
  return info.outShape.reduce((a, b) => a * b, 1);
}

describe('MaxPoolGrad fix', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  it('is one of the fixed kernels', () => {
    expect(FIXED_KERNEL_NAMES).toContain('MaxPoolGrad');
  });

  const cases = poolCases(20261127, 30);
  it.each(cases.map((c, i) => [c.name, i] as const))(
    "gives tfjs-backend-cpu's gradient, ties included: %s",
    async (_, i) => {
      const c = cases[i]!;
      const random = prng(1000 + i);
      const x = tiedValues(
        random,
        c.xShape.reduce((a, b) => a * b, 1),
      );
      const weights = Float32Array.from({ length: pooledSize(c) }, () => 2 * random() - 1);
      const ours = maxPoolGradient(c, x, weights);
      await tf.setBackend('cpu');
      const cpu = maxPoolGradient(c, x, weights);
      await tf.setBackend('wasm');
      expectClose(ours, cpu);
    },
  );

  it.each(cases.slice(0, 10).map((c, i) => [c.name, i] as const))(
    "gives the stock kernel's gradient where no window has a tie: %s",
    (_, i) => {
      const c = cases[i]!;
      const random = prng(2000 + i);
      // Distinct values: the stock kernel breaks ties otherwise than tfjs-backend-cpu.
      const x = Float32Array.from({ length: c.xShape.reduce((a, b) => a * b, 1) }, () => random());
      const weights = Float32Array.from({ length: pooledSize(c) }, () => 2 * random() - 1);
      const ours = maxPoolGradient(c, x, weights);
      const stock = withStockKernels(() => maxPoolGradient(c, x, weights));
      expectClose(ours, stock);
    },
  );

  it('leaves no tensors or buffers behind', () => {
    const [c] = poolCases(5, 1);
    const x = tiedValues(
      prng(6),
      c!.xShape.reduce((a, b) => a * b, 1),
    );
    const weights = new Float32Array(pooledSize(c!)).fill(1);
    expectNoLeak(() => {
      maxPoolGradient(c!, x, weights);
    });
  });
});
