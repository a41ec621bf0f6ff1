import { describe, expect, it } from 'vitest';
import { DatasetOptionError, normalize } from '../src/index';

describe('normalize', () => {
  it('equals float32(x / 255) for every pixel value', () => {
    const pixels = Uint8Array.from({ length: 256 }, (_, p) => p);
    const out = normalize(pixels);
    expect(out).toBeInstanceOf(Float32Array);
    for (let p = 0; p < 256; p++) expect(out[p]).toBe(Math.fround(p / 255));
    expect(out[0]).toBe(0);
    expect(out[255]).toBe(1);
  });

  it('gives the same floats at any alignment, with runs of zeros and any length', () => {
    // Background (zero words), ink, and lengths that end mid-word, at every byte offset.
    const buffer = Uint8Array.from({ length: 203 }, (_, i) => (i % 23 < 12 ? 0 : (i * 37) % 256));
    for (let offset = 0; offset < 4; offset++) {
      for (const length of [0, 3, 4, 9, 64, 199]) {
        const pixels = buffer.subarray(offset, offset + length);
        const expected = Array.from(pixels, (p) => Math.fround(p / 255));
        expect([...normalize(pixels)]).toEqual(expected);
      }
    }
  });

  it('writes into a given buffer and returns it', () => {
    const out = new Float32Array(4).fill(-1);
    const result = normalize(new Uint8Array([255, 51]), out);
    expect(result).toBe(out);
    expect([...out]).toEqual([1, Math.fround(51 / 255), -1, -1]);
  });

  it('rejects an output buffer shorter than the pixels', () => {
    const short = () => normalize(new Uint8Array(3), new Float32Array(2));
    expect(short).toThrow(DatasetOptionError);
    expect(short).toThrow(
      'normalize: out is a Float32Array; use a buffer at least as long as the 3 pixels (it holds 2).',
    );
  });
});
