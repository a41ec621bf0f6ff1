import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BackendOptionError, initWasmBackend, tensorFromByteRows } from '../src/index';
import { expectNoLeak } from './helpers';

beforeAll(async () => {
  await initWasmBackend();
});

/** Every byte value 0-255, then 19 more (a tail the 16-byte SIMD groups leave over). */
const EVERY_BYTE = Uint8Array.from({ length: 275 }, (_, i) => (i * 7) % 256);

describe('tensorFromByteRows', () => {
  it('gives float32(byte / 255) for every byte value, as the notebook scales pixels', () => {
    const values = tf.tidy(() => tensorFromByteRows(EVERY_BYTE, [0], 275).dataSync());
    expect(Array.from(values)).toEqual(Array.from(EVERY_BYTE, (b) => Math.fround(b / 255)));
    expect(values.some((v) => v === 1)).toBe(true);
  });

  it('takes the rows in the order given, into the shape given', () => {
    const bytes = Uint8Array.from({ length: 4 * 6 }, (_, i) => i);
    tf.tidy(() => {
      const t = tensorFromByteRows(bytes, [3, 0, 3], 6, { shape: [3, 2, 3], divisor: 2 });
      expect(t.shape).toEqual([3, 2, 3]);
      expect(t.dtype).toBe('float32');
      const rows = [3, 0, 3].flatMap((r) => Array.from({ length: 6 }, (_, i) => (r * 6 + i) / 2));
      expect(Array.from(t.dataSync())).toEqual(rows);
    });
  });

  it('leaves no tensor, byte or buffer behind but the result', () => {
    expectNoLeak(() => {
      tensorFromByteRows(EVERY_BYTE, [0, 0], 275).dispose();
    });
  });

  it('names the argument that is wrong', () => {
    const call =
      (rows: number[], rowLength: number, options = {}) =>
      () =>
        tensorFromByteRows(new Uint8Array(10), rows, rowLength, options);
    expect(call([0], 0)).toThrow(BackendOptionError);
    expect(call([0], 0)).toThrow('tensorFromByteRows: rowLength is 0; use a positive integer.');
    expect(call([2], 4)).toThrow(
      'tensorFromByteRows: rows[0] is 2; use a whole number from 0 to 1 (the bytes hold 2 rows of 4).',
    );
    expect(call([0], 5, { shape: [2, 5] })).toThrow(
      'tensorFromByteRows: shape is [2, 5]; use a shape of 5 values (1 x 5).',
    );
    expect(call([0], 5, { divisor: 0 })).toThrow(
      'tensorFromByteRows: divisor is 0; use a finite number > 0.',
    );
  });

  it('gives the same values on a backend without the SIMD loop (cpu)', async () => {
    const onWasm = tf.tidy(() => Array.from(tensorFromByteRows(EVERY_BYTE, [0], 275).dataSync()));
    await tf.setBackend('cpu');
    try {
      const onCpu = tf.tidy(() => Array.from(tensorFromByteRows(EVERY_BYTE, [0], 275).dataSync()));
      expect(onCpu).toEqual(onWasm);
    } finally {
      await tf.setBackend('wasm');
    }
  });
});
