import { describe, expect, it } from 'vitest';
import {
  createExamples,
  DatasetOptionError,
  gatherBatch,
  gatherFeatures,
  normalize,
  range,
} from '../src/index';
import { floatFeatures, tinyExamples } from './fixtures';

describe('gatherBatch', () => {
  it('gathers the examples in index order, normalized, with int32 labels', () => {
    const batch = gatherBatch(tinyExamples(), [2, 0]);
    expect(batch.size).toBe(2);
    expect(batch.labels).toBeInstanceOf(Int32Array);
    expect([...batch.labels]).toEqual([9, 7]);
    const expected = [20, 21, 22, 23, 0, 1, 2, 3].map((x) => Math.fround(x / 255));
    expect([...batch.features]).toEqual(expected);
  });

  it('writes into given buffers and returns views of them', () => {
    const buffers = { features: new Float32Array(12), labels: new Int32Array(3) };
    const batch = gatherBatch(tinyExamples(), [1], buffers);
    expect(batch.features.buffer).toBe(buffers.features.buffer);
    expect(batch.features.length).toBe(4);
    expect(batch.labels.length).toBe(1);
    expect(buffers.labels[0]).toBe(8);
    expect(buffers.features[0]).toBe(Math.fround(10 / 255));
  });

  it('rejects an index outside the examples or not whole', () => {
    expect(() => gatherBatch(tinyExamples(), [0, 3])).toThrow(
      /^gatherBatch: indices\[1\] is 3; use whole numbers from 0 to 2\./,
    );
    expect(() => gatherBatch(tinyExamples(), [0.5])).toThrow(DatasetOptionError);
    expect(() => gatherBatch(tinyExamples(), [-1])).toThrow(DatasetOptionError);
  });

  it('rejects buffers too short for the batch', () => {
    const features = { features: new Float32Array(4), labels: new Int32Array(2) };
    expect(() => gatherBatch(tinyExamples(), [0, 1], features)).toThrow(DatasetOptionError);
    expect(() => gatherBatch(tinyExamples(), [0, 1], features)).toThrow(
      /^gatherBatch: buffers\.features is a Float32Array; use a buffer of at least 8 values \(it holds 4\)/,
    );
    const labels = { features: new Float32Array(8), labels: new Int32Array(1) };
    expect(() => gatherBatch(tinyExamples(), [0, 1], labels)).toThrow(
      /^gatherBatch: buffers\.labels is an Int32Array; use a buffer of at least 2 values \(it holds 1\)/,
    );
  });

  it('copies float32 features exactly and widens Uint16Array and Int32Array labels to int32', () => {
    const { features, shape } = floatFeatures(3, [2, 4]);
    for (const labels of [new Uint16Array([300, 0, 299]), new Int32Array([300, 0, 299])]) {
      const examples = createExamples({ features, labels, shape, numClasses: 301 });
      const batch = gatherBatch(examples, [2, 0]);
      expect(batch.labels).toBeInstanceOf(Int32Array);
      expect([...batch.labels]).toEqual([299, 300]);
      expect(batch.features).toEqual(
        Float32Array.from([...features.subarray(16, 24), ...features.subarray(0, 8)]),
      );
    }
  });
});

describe('gatherFeatures', () => {
  it('copies float32 features bit for bit, in index order, without scaling', () => {
    const examples = floatFeatures(4, [3]);
    const out = gatherFeatures(examples, [3, 0, 1]);
    const row = (i: number) => [...examples.features.subarray(3 * i, 3 * i + 3)];
    expect(out).toBeInstanceOf(Float32Array);
    expect([...out]).toEqual([...row(3), ...row(0), ...row(1)]);
    expect([...out.subarray(3, 9)]).toEqual([-1.5, 1e-40, 3.4e38, 0.1, 255, -0].map(Math.fround));
    expect(Object.is(out[8], -0)).toBe(true);
    expect(out.buffer).not.toBe(examples.features.buffer);
  });

  it('scales uint8 features exactly as normalize does', () => {
    const examples = tinyExamples();
    const out = gatherFeatures(examples, [1, 2]);
    expect(out).toEqual(normalize(examples.features.subarray(4, 12) as Uint8Array));
  });

  it('needs no labels', () => {
    const { features, count, shape } = tinyExamples();
    expect(gatherFeatures({ features, count, shape }, [0])).toEqual(
      normalize(Uint8Array.from([0, 1, 2, 3])),
    );
  });

  it('writes into a longer out buffer and returns a view of its start', () => {
    const examples = floatFeatures(2, [2, 3]);
    const out = new Float32Array(20).fill(7);
    const result = gatherFeatures(examples, [1], out);
    expect(result.buffer).toBe(out.buffer);
    expect(result.byteOffset).toBe(0);
    expect([...result]).toEqual([...examples.features.subarray(6, 12)]);
    expect(out[6]).toBe(7);
  });

  it('gives an empty array for no indices', () => {
    expect(gatherFeatures(tinyExamples(), []).length).toBe(0);
  });

  it('rejects an out buffer shorter than the batch, naming both sizes', () => {
    const read = () => gatherFeatures(tinyExamples(), [0, 1], new Float32Array(7));
    expect(read).toThrow(DatasetOptionError);
    expect(read).toThrow(
      'gatherFeatures: out is a Float32Array; use a buffer of at least 8 values (it holds 7); allocate buffers for the largest batch.',
    );
  });

  it('rejects an index outside the examples, naming its position and the valid range', () => {
    const read = () => gatherFeatures(floatFeatures(2, [8, 8]), [1, 2]);
    expect(read).toThrow(DatasetOptionError);
    expect(read).toThrow('gatherFeatures: indices[1] is 2; use whole numbers from 0 to 1.');
  });
});

describe('range', () => {
  it('lists start to end - 1, and nothing for an empty range', () => {
    expect([...range(2, 5)]).toEqual([2, 3, 4]);
    expect(range(4, 4).length).toBe(0);
    expect(range(5, 2).length).toBe(0);
  });
});
