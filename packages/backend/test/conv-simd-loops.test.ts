import { prng } from '@mnist-wasm/test-utils';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../src/index';
import {
  backwardBytes,
  convGeometry,
  GEOMETRY_BYTES,
  listBytes,
  writeGeometry,
} from '../src/kernels/conv-geometry';
import { plainConvLoops } from '../src/kernels/conv-loops';
import { convSimdLoopsFor } from '../src/kernels/conv-simd-loops';
import { seededValues } from './helpers';

// The conv SIMD loops and their plain JavaScript twins, to the bit, on one heap.
describe('conv2dForward and conv2dBackward (the Conv2D training kernels)', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  it('the SIMD loops and the plain JavaScript loops agree to the bit', () => {
    const memory = new WebAssembly.Memory({ initial: 64 });
    const simd = convSimdLoopsFor(memory)!;
    expect(simd).not.toBeNull();
    const plain = plainConvLoops(() => new Float32Array(memory.buffer));
    const heap = new Float32Array(memory.buffer);
    const random = prng(26);
    let free = 64;
    const region = (floats: number) => {
      const at = free;
      free += floats + 64;
      return at * 4;
    };
    const fill = (floats: number, zeros = 0) => {
      const at = region(floats);
      heap.set(seededValues(random, floats, zeros), at / 4);
      return at;
    };
    const read = (at: number, count: number) => Array.from(heap.subarray(at / 4, at / 4 + count));
    // The forward scatters sparse examples and gathers dense ones: both kinds here.
    for (const [xShape, filterShape, padding, zeros] of [
      [[3, 11, 10, 3], [5, 4, 3, 21], 'same', 0.5],
      [[2, 12, 12, 8], [5, 5, 8, 16], 'valid', 0.5],
      [[4, 9, 9, 1], [5, 5, 1, 8], 'valid', 0.5],
      [[4, 9, 9, 1], [5, 5, 1, 8], 'valid', 0.9],
      [[3, 10, 11, 1], [3, 5, 1, 8], 'same', 0.8],
      [[2, 9, 10, 8], [5, 5, 8, 5], 'same', 0.5],
      [[3, 8, 7, 2], [3, 4, 2, 22], 'same', 0.95],
      [[2, 5, 6, 6], [3, 3, 6, 6], 'same', 0.5],
    ] as const) {
      const geometry = convGeometry(xShape, filterShape, padding);
      const { n, h, w, c, kh, kw, f, oh, ow } = geometry;
      const g = region(GEOMETRY_BYTES / 4);
      writeGeometry(heap, g, geometry);
      const x = fill(n * h * w * c, zeros);
      const filter = fill(kh * kw * c * f);
      const b = fill(f);
      const dy = fill(n * oh * ow * f);
      // Zero rows of dy, as a max-pool's gradient leaves them.
      for (let row = 0; row < n * oh * ow; row += 2)
        heap.fill(0, dy / 4 + row * f, dy / 4 + (row + 1) * f);
      const results = [simd, plain].map((loops) => {
        const y = region(n * oh * ow * f);
        const dFilter = region(kh * kw * c * f);
        const db = region(f);
        const dx = region(n * h * w * c);
        const list = region(listBytes(geometry) / 4);
        let check = loops.forward(x, filter, b, y, g, list, 1);
        const scratch = region(
          Math.max(backwardBytes(geometry, true), backwardBytes(geometry, false)) / 4,
        );
        check += loops.backward(x, dy, y, filter, dFilter, db, dx, g, scratch);
        // Without the input gradient (a first layer; one channel takes its own route).
        const dFilterFirst = region(kh * kw * c * f);
        const dbFirst = region(f);
        check += loops.backward(x, dy, y, filter, dFilterFirst, dbFirst, 0, g, scratch);
        // Without an activation, dz is dy.
        const dFilterLinear = region(kh * kw * c * f);
        check += loops.backward(x, dy, 0, filter, dFilterLinear, 0, 0, g, scratch);
        return {
          check,
          y: read(y, n * oh * ow * f),
          dFilter: read(dFilter, kh * kw * c * f),
          db: read(db, f),
          dx: read(dx, n * h * w * c),
          dFilterFirst: read(dFilterFirst, kh * kw * c * f),
          dbFirst: read(dbFirst, f),
          dFilterLinear: read(dFilterLinear, kh * kw * c * f),
        };
      });
      expect(results[0]!.check).toBe(0);
      expect(results[0]).toEqual(results[1]);
      expect(results[0]!.y.some((v) => v > 0)).toBe(true);
      expect(results[0]!.dx.some((v) => v !== 0)).toBe(true);
      // Both routes of the filter gradient add the same nonzero terms in the same order.
      expect(results[0]!.dFilterFirst).toEqual(results[0]!.dFilter);
      expect(results[0]!.dbFirst).toEqual(results[0]!.db);
    }
  });
});
