import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
// The reference gradients come from the tape, which needs tfjs-core's gradients registered.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { prng } from '@mnist-wasm/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BackendOptionError,
  initWasmBackend,
  KernelNotRegisteredError,
  maxPoolBackward,
  maxPoolForward,
  PoolForward,
  PoolOperandError,
  registerPoolKernels,
} from '../src/index';
import { plainPoolLoops } from '../src/kernels/pool-loops';
import { poolSimdLoopsFor } from '../src/kernels/pool-simd-loops';
import { expectNoLeak } from './helpers';

type Shape4 = [number, number, number, number];

interface PoolCase {
  shape: Shape4;
  size: number;
  stride: number;
}

// MNIST's two pools, odd sides (the last row or column dropped), channels 1, 3, 5 (a scalar tail
// only, and beside a SIMD block), and overlapping or gapped windows.
const CASES: PoolCase[] = [
  { shape: [32, 24, 24, 8], size: 2, stride: 2 },
  { shape: [32, 8, 8, 16], size: 2, stride: 2 },
  { shape: [3, 7, 9, 8], size: 2, stride: 2 },
  { shape: [2, 9, 6, 16], size: 2, stride: 2 },
  { shape: [4, 11, 13, 1], size: 2, stride: 2 },
  { shape: [3, 6, 7, 3], size: 2, stride: 2 },
  { shape: [2, 10, 8, 5], size: 2, stride: 2 },
  { shape: [2, 9, 9, 5], size: 3, stride: 1 },
  { shape: [2, 9, 10, 7], size: 3, stride: 2 },
  { shape: [2, 8, 8, 4], size: 2, stride: 3 },
  { shape: [1, 3, 3, 2], size: 3, stride: 3 },
];

const caseName = ({ shape, size, stride }: PoolCase) =>
  `[${shape}], size ${size}, stride ${stride}`;

/**
 * Seeded values like a ReLU's output: a third exactly 0 and the rest on 4 levels, so that most
 * windows hold ties (the first maximum must win), or, with `tied` false, normal-like values.
 */
function values(seed: number, size: number, tied: boolean): Float32Array {
  const random = prng(seed);
  return Float32Array.from({ length: size }, () => {
    if (!tied) return random() * 2 - 1;
    return random() < 0.33 ? 0 : Math.floor(random() * 4 + 1) / 4;
  });
}

/** What tfjs-backend-cpu gives: maxPool, maxPoolWithArgmax and the tape's gradient. */
async function onCpu(c: PoolCase, x: Float32Array, dy: Float32Array) {
  await tf.setBackend('cpu');
  try {
    return tf.tidy(() => {
      const input = tf.tensor4d(x, c.shape);
      const output = tf.maxPool(input, c.size, c.stride, 'valid');
      const { indexes } = tf.maxPoolWithArgmax(input, c.size, c.stride, 'valid', false);
      const dOutput = tf.tensor(dy, output.shape);
      const dx = tf.grad((t: tf.Tensor) =>
        tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, c.size, c.stride, 'valid'), dOutput)),
      )(input);
      return {
        shape: output.shape,
        output: output.dataSync() as Float32Array,
        argmax: indexes!.dataSync(),
        dx: dx.dataSync() as Float32Array,
      };
    });
  } finally {
    await tf.setBackend('wasm');
  }
}

/** Largest |actual - expected| relative to the largest |expected| (at least 1). */
function relativeError(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let [diff, scale] = [0, 1];
  expected.forEach((e, i) => {
    diff = Math.max(diff, Math.abs(actual[i]! - e));
    scale = Math.max(scale, Math.abs(e));
  });
  return diff / scale;
}

describe('maxPoolForward and maxPoolBackward (the pooling training kernels)', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  describe.each([true, false])('against tfjs-backend-cpu, tied values %s', (tied) => {
    it.each(CASES)('$shape, size $size, stride $stride', async (c) => {
      const size = tf.util.sizeFromShape(c.shape);
      const x = values(7, size, tied);
      const outputSize =
        c.shape[0] *
        (Math.floor((c.shape[1] - c.size) / c.stride) + 1) *
        (Math.floor((c.shape[2] - c.size) / c.stride) + 1) *
        c.shape[3];
      const dy = values(8, outputSize, false);
      const expected = await onCpu(c, x, dy);
      tf.tidy(() => {
        const input = tf.tensor4d(x, c.shape);
        const { output, argmax } = maxPoolForward(input, { size: c.size, stride: c.stride });
        expect(output.shape).toEqual(expected.shape);
        expect(argmax.shape).toEqual(expected.shape);
        expect(argmax.dtype).toBe('int32');
        expect(output.dataSync()).toEqual(expected.output);
        expect(Array.from(argmax.dataSync())).toEqual(Array.from(expected.argmax));
        const dx = maxPoolBackward(tf.tensor(dy, output.shape), argmax, c.shape);
        expect(dx.shape).toEqual(c.shape);
        expect(relativeError(dx.dataSync() as Float32Array, expected.dx)).toBeLessThan(1e-5);
        // Without overlapping windows each input gets at most one gradient: equal, not close.
        if (c.stride >= c.size) expect(dx.dataSync()).toEqual(expected.dx);
      });
    });
  });

  it('gives a window without a value above -∞ the output -∞ and no gradient, as the cpu backend', async () => {
    const c: PoolCase = { shape: [1, 2, 4, 5], size: 2, stride: 2 };
    // Window 0: NaN, -∞ and a 1 in each channel's first place; window 1: NaN and -∞ only.
    const x = new Float32Array(40).fill(Number.NaN);
    for (let ch = 0; ch < 5; ch++) {
      x[5 + ch] = Number.NEGATIVE_INFINITY;
      x[20 + 5 + ch] = 1;
      x[15 + ch] = Number.NEGATIVE_INFINITY;
    }
    const dy = Float32Array.from({ length: 10 }, (_, i) => i + 1);
    const expected = await onCpu(c, x, dy);
    tf.tidy(() => {
      const { output, argmax } = maxPoolForward(tf.tensor4d(x, c.shape));
      expect(Array.from(output.dataSync())).toEqual([
        ...Array(5).fill(1),
        ...Array(5).fill(-Infinity),
      ]);
      expect(output.dataSync()).toEqual(expected.output);
      expect(Array.from(argmax.dataSync()).slice(5)).toEqual(Array(5).fill(-1));
      const dx = maxPoolBackward(tf.tensor(dy, output.shape), argmax, c.shape);
      expect(dx.dataSync()).toEqual(expected.dx);
    });
  });

  it('the SIMD loops and the plain JavaScript loops agree to the bit', () => {
    const memory = new WebAssembly.Memory({ initial: 16 });
    const simd = poolSimdLoopsFor(memory)!;
    expect(simd).not.toBeNull();
    const plain = plainPoolLoops(() => new Float32Array(memory.buffer));
    const heap = new Float32Array(memory.buffer);
    const bits = new Uint32Array(memory.buffer);
    const random = prng(21);
    for (const c of CASES.filter((one) => one.shape[0] <= 4)) {
      const [n, h, w, ch] = c.shape;
      const [oh, ow] = [h, w].map((side) => Math.floor((side - c.size) / c.stride) + 1) as [
        number,
        number,
      ];
      const inputs = h * w * ch;
      const outputs = oh * ow * ch;
      // Ties, zeros of both signs, NaN and infinities, at an odd float offset.
      const special = [0, -0, Number.NaN, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, 0.5];
      const x = 17;
      for (let i = 0; i < n * inputs; i++) {
        heap[x + i] =
          random() < 0.2
            ? special[Math.floor(random() * special.length)]!
            : Math.floor(random() * 5) / 4;
      }
      const dy = x + n * inputs + 3;
      for (let i = 0; i < n * outputs; i++) heap[dy + i] = random() * 2 - 1;
      const results = [simd, plain].map((loops, which) => {
        const y = dy + n * outputs + 5 + which * 3 * n * (inputs + outputs + 8);
        const argmax = y + n * outputs + 1;
        const dx = argmax + n * outputs + 1;
        heap.fill(7, dx, dx + n * inputs);
        loops.forward(4 * x, n, h, w, ch, c.size, c.stride, 4 * y, 4 * argmax);
        loops.backward(4 * dy, 4 * argmax, n, outputs, inputs, 4 * dx);
        return {
          y: Array.from(bits.subarray(y, y + n * outputs)),
          argmax: Array.from(bits.subarray(argmax, argmax + n * outputs)),
          dx: Array.from(bits.subarray(dx, dx + n * inputs)),
        };
      });
      expect(results[0], caseName(c)).toEqual(results[1]);
      expect(
        results[0]!.dx.some((b) => b !== 0),
        caseName(c),
      ).toBe(true);
    }
  });

  it('skips an argmax outside its example instead of writing outside dx', () => {
    tf.tidy(() => {
      const argmax = tf.tensor4d([0, 99, -1, 3], [1, 2, 2, 1], 'int32');
      const dx = maxPoolBackward(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), argmax, [1, 2, 2, 1]);
      expect(Array.from(dx.dataSync())).toEqual([1, 0, 0, 4]);
    });
  });

  it('leaves no tensor or buffer behind', () => {
    const x = tf.tensor4d(values(9, 2 * 6 * 6 * 8, true), [2, 6, 6, 8]);
    const dy = tf.tensor4d(values(10, 2 * 3 * 3 * 8, false), [2, 3, 3, 8]);
    expectNoLeak(() => {
      const { output, argmax } = maxPoolForward(x);
      const dx = maxPoolBackward(dy, argmax, x.shape);
      tf.dispose([output, argmax, dx]);
    });
    tf.dispose([x, dy]);
  });

  it('names the operand that does not fit, with both shapes', () => {
    tf.tidy(() => {
      const x = tf.zeros([2, 6, 6, 8]);
      const { output, argmax } = maxPoolForward(x);
      expect(() => maxPoolForward(tf.zeros([6, 6, 8]))).toThrow(PoolOperandError);
      expect(() => maxPoolForward(tf.zeros([6, 6, 8]))).toThrow(
        'maxPoolForward: x is float32 [6,6,8]; expected float32 [*, *, *, *] (NHWC).',
      );
      expect(() => maxPoolForward(tf.zeros([2, 6, 6, 8], 'int32'))).toThrow(
        'maxPoolForward: x is int32 [2,6,6,8]; expected float32',
      );
      expect(() => maxPoolForward(tf.zeros([2, 1, 6, 8]))).toThrow(
        'maxPoolForward: x is float32 [2,1,6,8]; expected float32 [*, h, w, *] with h and w >= 2',
      );
      expect(() => maxPoolForward(x, { size: 0 })).toThrow(BackendOptionError);
      expect(() => maxPoolForward(x, { stride: 1.5 })).toThrow(
        'maxPoolForward: stride is 1.5; use a whole number >= 1.',
      );
      expect(() => maxPoolBackward(output, tf.zeros([2, 3, 3, 4], 'int32'), x.shape)).toThrow(
        "maxPoolBackward: argmax is int32 [2,3,3,4]; expected int32 [2, 3, 3, 8] to fit dOutput's shape.",
      );
      expect(() => maxPoolBackward(output, tf.cast(argmax, 'float32'), x.shape)).toThrow(
        PoolOperandError,
      );
      expect(() => maxPoolBackward(output, argmax, [2, 6, 6, 4])).toThrow(
        'maxPoolBackward: inputShape is [2,6,6,4]; expected [2, h >= 3, w >= 3, 8] to fit dOutput float32 [2,3,3,8]',
      );
      expect(() => maxPoolBackward(output, argmax, [2, 2, 6, 8])).toThrow(PoolOperandError);
    });
  });

  it('throws KernelNotRegisteredError without the kernel', () => {
    tf.unregisterKernel(PoolForward, 'wasm');
    try {
      tf.tidy(() => {
        const call = () => maxPoolForward(tf.zeros([1, 2, 2, 1]));
        expect(call).toThrow(KernelNotRegisteredError);
        expect(call).toThrow(
          "maxPoolForward: the 'wasm' backend has no PoolForward kernel; it runs on 'wasm' only: call initWasmBackend() first.",
        );
      });
    } finally {
      registerPoolKernels();
    }
  });
});
