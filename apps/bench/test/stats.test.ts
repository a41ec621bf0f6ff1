import { describe, expect, it } from 'vitest';
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
