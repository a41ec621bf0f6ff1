import type { MnistSplit } from '@mnist-wasm/dataset';
import { describe, expect, it } from 'vitest';
import { windowSplit, windowStart } from '../src/side-by-side';

describe('windowSplit', () => {
  const count = 10;
  const split: MnistSplit = {
    features: Uint8Array.from({ length: count * 4 }, (_, i) => i),
    labels: Uint8Array.from({ length: count }, (_, i) => i),
    count,
    shape: [2, 2],
    numClasses: 10,
  };
  const plan = { steps: 2, batchSize: 2, windows: 3, evalSteps: 2 };

  it('gives consecutive windows of steps x batchSize examples, wrapping around', () => {
    expect(Array.from(windowSplit(split, 0, plan).labels)).toEqual([0, 1, 2, 3]);
    expect(Array.from(windowSplit(split, 1, plan).labels)).toEqual([4, 5, 6, 7]);
    expect(Array.from(windowSplit(split, 2, plan).labels)).toEqual([0, 1, 2, 3]);
    const window = windowSplit(split, 1, plan);
    expect(window.count).toBe(4);
    expect(window.shape).toEqual([2, 2]);
    expect(Array.from(window.features.subarray(0, 4))).toEqual([16, 17, 18, 19]);
  });

  it('throws when the split is smaller than one window', () => {
    expect(() => windowSplit(split, 0, { ...plan, steps: 6 })).toThrow(/needs 12 examples/);
  });
});

describe('windowStart', () => {
  it('is where windowSplit cuts, wrapping around', () => {
    const plan = { steps: 100, batchSize: 32 };
    expect(windowStart(60_000, 0, plan)).toBe(0);
    expect(windowStart(60_000, 1, plan)).toBe(3200);
    expect(windowStart(60_000, 18, plan)).toBe(0);
    expect(() => windowStart(10, 0, plan)).toThrow(/needs 3200 examples/);
  });
});
