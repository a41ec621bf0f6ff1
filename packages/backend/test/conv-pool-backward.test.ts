import { prng } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ConvOperandError,
  conv2dBackward,
  conv2dForward,
  initWasmBackend,
  maxPoolBackward,
  maxPoolForward,
} from '../src/index';
import {
  backwardBytes,
  convGeometry,
  GEOMETRY_BYTES,
  writeGeometry,
} from '../src/kernels/conv-geometry';
import { plainConvLoops } from '../src/kernels/conv-loops';
import { convSimdLoopsFor } from '../src/kernels/conv-simd-loops';
import { expectNoLeak } from './helpers';

type Shape4 = [number, number, number, number];

/** Seeded float32 values in [-1, 1), about `zeros` of them exactly 0. */
function values(random: () => number, count: number, zeros = 0): Float32Array {
  return Float32Array.from({ length: count }, () => (random() < zeros ? 0 : random() * 2 - 1));
}

const bits = (t: tf.Tensor) => Array.from(new Uint32Array(t.dataSync().slice().buffer));

// MNIST's two layers (the first takes the one-channel route, the second the general one with the
// input gradient), an output the pool does not cover whole, and overlapping windows.
const CASES: Array<{ x: Shape4; filter: Shape4; size: number; stride: number; dx: boolean }> = [
  { x: [4, 28, 28, 1], filter: [5, 5, 1, 8], size: 2, stride: 2, dx: false },
  { x: [3, 12, 12, 8], filter: [5, 5, 8, 16], size: 2, stride: 2, dx: true },
  { x: [3, 11, 12, 1], filter: [5, 5, 1, 8], size: 2, stride: 2, dx: false },
  { x: [2, 13, 13, 1], filter: [5, 5, 1, 8], size: 3, stride: 2, dx: false },
  { x: [2, 9, 9, 3], filter: [3, 3, 3, 5], size: 3, stride: 2, dx: true },
];

describe('conv2dBackward with pool (a Conv2D followed by a MaxPooling2D)', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  for (const { x: xShape, filter: filterShape, size, stride, dx } of CASES) {
    for (const activation of ['relu', 'linear'] as const) {
      it(`equals maxPoolBackward then conv2dBackward to the bit: x [${xShape}], filter [${filterShape}], pool ${size}/${stride}, ${activation}`, () => {
        const random = prng(xShape[1] * 31 + filterShape[2]);
        const count = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
        tf.tidy(() => {
          const x = tf.tensor4d(values(random, count(xShape), 0.6), xShape);
          const filter = tf.tensor4d(values(random, count(filterShape)), filterShape);
          const bias = tf.tensor1d(values(random, filterShape[3]));
          const { output } = conv2dForward(x, filter, { bias, activation });
          const pool = maxPoolForward(output, { size, stride });
          const dPooled = tf.tensor(
            values(random, pool.output.size, 0.2),
            pool.output.shape,
          ) as tf.Tensor4D;
          const options = { activation, bias: true, inputGradient: dx };
          const apart = conv2dBackward(
            x,
            filter,
            output,
            maxPoolBackward(dPooled, pool.argmax, output.shape),
            options,
          );
          const fused = conv2dBackward(x, filter, output, dPooled, {
            ...options,
            pool,
          });
          expect(bits(fused.dFilter)).toEqual(bits(apart.dFilter));
          expect(bits(fused.dBias!)).toEqual(bits(apart.dBias!));
          expect(fused.dFilter.dataSync().some((v) => v !== 0)).toBe(true);
          if (dx) expect(bits(fused.dx!)).toEqual(bits(apart.dx!));
          else expect(fused.dx).toBeUndefined();
          expect(fused.finiteCheck.dataSync()[0]).toBe(0);
        });
      });
    }
  }

  it('the SIMD loop and the plain JavaScript loop agree to the bit, and skip a stray argmax', () => {
    const memory = new WebAssembly.Memory({ initial: 64 });
    const simd = convSimdLoopsFor(memory)!;
    const plain = plainConvLoops(() => new Float32Array(memory.buffer));
    const heap = new Float32Array(memory.buffer);
    const places = new Int32Array(memory.buffer);
    const random = prng(41);
    let free = 64;
    const region = (floats: number) => {
      const at = free;
      free += floats + 64;
      return at * 4;
    };
    const fill = (floats: number, zeros = 0) => {
      const at = region(floats);
      heap.set(values(random, floats, zeros), at / 4);
      return at;
    };
    const read = (at: number, count: number) => Array.from(heap.subarray(at / 4, at / 4 + count));
    const geometry = convGeometry([3, 12, 13, 1], [5, 5, 1, 8], 'valid');
    const { n, h, w, kh, kw, f, oh, ow } = geometry;
    const g = region(GEOMETRY_BYTES / 4);
    writeGeometry(heap, g, geometry);
    const x = fill(n * h * w, 0.7);
    const pooled = 4 * 4 * f;
    const py = fill(n * pooled, 0.3);
    const dp = fill(n * pooled, 0.1);
    // Places in the example at random (some twice: overlapping windows), one -1, one past the end.
    const argmax = region(n * pooled);
    for (let i = 0; i < n * pooled; i++) {
      places[argmax / 4 + i] = Math.floor(random() * oh * ow * f);
    }
    places[argmax / 4 + 5] = -1;
    places[argmax / 4 + 9] = oh * ow * f;
    const results = [simd, plain].flatMap((loops) =>
      [1, 0].map((relu) => {
        const dFilter = region(kh * kw * f);
        const db = region(f);
        const scratch = region(backwardBytes(geometry, false) / 4);
        const check = loops.backwardPooled(
          x,
          dp,
          py,
          argmax,
          pooled,
          relu,
          dFilter,
          db,
          g,
          scratch,
        );
        return { check, dFilter: read(dFilter, kh * kw * f), db: read(db, f) };
      }),
    );
    expect(results[0]!.check).toBe(0);
    expect(results[0]!.dFilter.some((v) => v !== 0)).toBe(true);
    expect(results[0]).toEqual(results[2]);
    expect(results[1]).toEqual(results[3]);
    expect(results[0]).not.toEqual(results[1]);
  });

  it('names both shapes when the pool or dOutput does not fit', () => {
    tf.tidy(() => {
      const x = tf.zeros([2, 6, 6, 1]);
      const filter = tf.zeros([3, 3, 1, 4]);
      const output = tf.zeros([2, 4, 4, 4]);
      const dPooled = tf.zeros([2, 2, 2, 4]);
      const pooled = tf.zeros([2, 2, 2, 4]);
      expect(() =>
        conv2dBackward(x, filter, output, dPooled, {
          pool: { output: pooled, argmax: tf.zeros([2, 2, 2, 4]) },
        }),
      ).toThrow(
        'conv2dBackward: pool.argmax is float32 [2,2,2,4]; expected int32 [2,2,2,4] to fit dOutput',
      );
      expect(() =>
        conv2dBackward(x, filter, output, dPooled, {
          pool: { output: pooled, argmax: tf.zeros([2, 2, 3, 4], 'int32') },
        }),
      ).toThrow(ConvOperandError);
      expect(() =>
        conv2dBackward(x, filter, output, dPooled, {
          pool: { output: tf.zeros([2, 2, 2, 5]), argmax: tf.zeros([2, 2, 2, 5], 'int32') },
        }),
      ).toThrow(
        'conv2dBackward: pool.output is float32 [2,2,2,5]; expected float32 [2, *, *, 4] to fit output [2,4,4,4]',
      );
      expect(() =>
        conv2dBackward(x, filter, output, tf.zeros([2, 2, 3, 4]), {
          pool: { output: pooled, argmax: tf.zeros([2, 2, 2, 4], 'int32') },
        }),
      ).toThrow(
        'conv2dBackward: dOutput is float32 [2,2,3,4]; expected float32 [2, 2, 2, 4] to fit pool.output [2,2,2,4]',
      );
    });
  });

  it('leaves no tensor or buffer behind', () => {
    const x = tf.ones([2, 8, 8, 1]);
    const filter = tf.ones([5, 5, 1, 8]);
    const { output } = conv2dForward(x, filter, { activation: 'relu' });
    const pool = maxPoolForward(output);
    const dPooled = tf.onesLike(pool.output);
    for (const inputGradient of [false, true]) {
      expectNoLeak(() => {
        const grads = conv2dBackward(x, filter, output, dPooled, {
          activation: 'relu',
          bias: true,
          inputGradient,
          pool,
        });
        tf.dispose([grads.dFilter, grads.dBias!, grads.dx ?? [], grads.finiteCheck]);
      });
    }
    tf.dispose([x, filter, output, pool.output, pool.argmax, dPooled]);
  });
});
