import { describe, expect, it } from 'vitest';
import { DatasetOptionError, resizeArea } from '../src/index';

describe('resizeArea', () => {
  it('averages whole blocks when shrinking by an integer factor', () => {
    const pixels = new Float32Array([1, 3, 0, 0, 5, 7, 0, 4, 2, 2, 8, 8, 2, 2, 8, 8]);
    const out = resizeArea({ pixels, width: 4, height: 4 }, 2, 2);
    expect(Array.from(out.pixels)).toEqual([(1 + 3 + 5 + 7) / 4, 1, 2, 8]);
    expect(out.width).toBe(2);
    expect(out.height).toBe(2);
  });

  it('weights partly covered pixels by their share, keeping the mean, at a non-integer factor', () => {
    // 3 -> 2: output pixel 0 covers input 0 fully and half of input 1.
    const pixels = new Float32Array([0, 6, 3]);
    const out = resizeArea({ pixels, width: 3, height: 1 }, 2, 1);
    expect(Array.from(out.pixels)).toEqual([(0 + 0.5 * 6) / 1.5, (0.5 * 6 + 3) / 1.5]);
    const mean = (values: Float32Array) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean(out.pixels)).toBeCloseTo(mean(pixels), 6);
  });

  it('keeps the mean of a larger image shrunk by a non-integer factor in both axes', () => {
    const pixels = Float32Array.from({ length: 37 * 23 }, (_, i) => (i * 7919) % 101);
    const out = resizeArea({ pixels, width: 37, height: 23 }, 10, 6);
    const mean = (values: Float32Array) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean(out.pixels)).toBeCloseTo(mean(pixels), 3);
  });

  it('repeats pixels when enlarging', () => {
    const out = resizeArea({ pixels: new Float32Array([1, 2]), width: 2, height: 1 }, 4, 2);
    expect(Array.from(out.pixels)).toEqual([1, 1, 2, 2, 1, 1, 2, 2]);
  });

  it('refuses sizes that are not positive integers and pixels of another count', () => {
    const image = { pixels: new Float32Array(4), width: 2, height: 2 };
    expect(() => resizeArea(image, 0, 2)).toThrow(
      'resizeArea: width is 0; use a positive integer.',
    );
    expect(() => resizeArea(image, 2, 1.5)).toThrow(DatasetOptionError);
    expect(() => resizeArea({ ...image, width: 3 }, 2, 2)).toThrow(
      'resizeArea: image.pixels is a Float32Array; use a Float32Array of image.width * image.height = 6 values.',
    );
  });
});
