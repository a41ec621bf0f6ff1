import { describe, expect, it } from 'vitest';
import { windowSplit } from '../src/side-by-side';
import { median, secondsPerEpoch } from '../src/stats';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('secondsPerEpoch', () => {
  it('counts the last, smaller batch as a step', () => {
    expect(secondsPerEpoch(4, 60000, 32)).toBeCloseTo((4 * 1875) / 1000, 12);
    expect(secondsPerEpoch(2, 33, 32)).toBeCloseTo(0.004, 12);
  });
});

describe('windowSplit', () => {
  const count = 10;
  const split = {
    images: Uint8Array.from({ length: count * 4 }, (_, i) => i),
    labels: Uint8Array.from({ length: count }, (_, i) => i),
    count,
    rows: 2,
    cols: 2,
  };
  const plan = { steps: 2, batchSize: 2, windows: 3, evalSteps: 2 };

  it('gives consecutive windows of steps x batchSize examples, wrapping around', () => {
    expect(Array.from(windowSplit(split, 0, plan).labels)).toEqual([0, 1, 2, 3]);
    expect(Array.from(windowSplit(split, 1, plan).labels)).toEqual([4, 5, 6, 7]);
    expect(Array.from(windowSplit(split, 2, plan).labels)).toEqual([0, 1, 2, 3]);
    expect(Array.from(windowSplit(split, 1, plan).images.subarray(0, 4))).toEqual([16, 17, 18, 19]);
  });

  it('throws when the split is smaller than one window', () => {
    expect(() => windowSplit(split, 0, { ...plan, steps: 6 })).toThrow(/needs 12 examples/);
  });
});
