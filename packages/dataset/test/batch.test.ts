import { describe, expect, it } from 'vitest';
import { gatherBatch, type MnistSplit, range } from '../src/index';

/** A 3-example split of 2x2 images whose pixels are `10 * example + position`. */
function tinySplit(): MnistSplit {
  const images = Uint8Array.from({ length: 12 }, (_, i) => 10 * Math.floor(i / 4) + (i % 4));
  return { images, labels: new Uint8Array([7, 8, 9]), count: 3, rows: 2, cols: 2 };
}

describe('gatherBatch', () => {
  it('gathers the examples in index order, normalized, with int32 labels', () => {
    const batch = gatherBatch(tinySplit(), [2, 0]);
    expect(batch.size).toBe(2);
    expect(batch.labels).toBeInstanceOf(Int32Array);
    expect([...batch.labels]).toEqual([9, 7]);
    const expected = [20, 21, 22, 23, 0, 1, 2, 3].map((x) => Math.fround(x / 255));
    expect([...batch.pixels]).toEqual(expected);
  });

  it('writes into given buffers and returns views of them', () => {
    const buffers = { pixels: new Float32Array(12), labels: new Int32Array(3) };
    const batch = gatherBatch(tinySplit(), [1], buffers);
    expect(batch.pixels.buffer).toBe(buffers.pixels.buffer);
    expect(batch.pixels.length).toBe(4);
    expect(batch.labels.length).toBe(1);
    expect(buffers.labels[0]).toBe(8);
    expect(buffers.pixels[0]).toBe(Math.fround(10 / 255));
  });

  it('rejects an index outside the split or not whole', () => {
    expect(() => gatherBatch(tinySplit(), [0, 3])).toThrow(
      /index 3 at position 1 is outside the split of 3 examples/,
    );
    expect(() => gatherBatch(tinySplit(), [0.5])).toThrow(RangeError);
    expect(() => gatherBatch(tinySplit(), [-1])).toThrow(RangeError);
  });

  it('rejects buffers too short for the batch', () => {
    const buffers = { pixels: new Float32Array(4), labels: new Int32Array(2) };
    expect(() => gatherBatch(tinySplit(), [0, 1], buffers)).toThrow(
      /buffers\.pixels holds 4 values but the batch needs 8/,
    );
  });
});

describe('range', () => {
  it('lists start to end - 1, and nothing for an empty range', () => {
    expect([...range(2, 5)]).toEqual([2, 3, 4]);
    expect(range(4, 4).length).toBe(0);
    expect(range(5, 2).length).toBe(0);
  });
});
