import { DatasetOptionError } from './errors';

/** `PIXEL_SCALE[p]` is `p / 255` rounded to float32, so a lookup equals the notebook's `x / 255.0`. */
const PIXEL_SCALE = Float32Array.from({ length: 256 }, (_, p) => p / 255);

/**
 * Scales uint8 pixels to floats in [0, 1], exactly as the notebook's `x / 255.0` cast to float32.
 *
 * @param pixels - Any number of pixels, uint8 in 0-255.
 * @param out - Optional destination of at least `pixels.length` floats, to reuse a buffer.
 * @returns A `Float32Array` of `pixels.length` values in [0, 1] (`out` when given).
 * @throws DatasetOptionError when `out` is shorter than `pixels`.
 *
 * @example
 * ```ts
 * normalize(new Uint8Array([0, 51, 255])); // Float32Array [0, 0.2, 1]
 * ```
 */
export function normalize(
  pixels: Uint8Array,
  out: Float32Array = new Float32Array(pixels.length),
): Float32Array {
  if (out.length < pixels.length) {
    throw new DatasetOptionError(
      'normalize',
      'out',
      out,
      `a buffer at least as long as the ${pixels.length} pixels (it holds ${out.length})`,
    );
  }
  scalePixels(pixels, 0, pixels.length, out, 0);
  return out;
}

/** Whether a Uint32 stores its low byte first, as on every platform Node and browsers run on. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A Uint32Array over each buffer pixels were read from, made once per buffer. */
const wordViews = new WeakMap<ArrayBufferLike, Uint32Array>();

/**
 * `out[outStart + i] = pixels[start + i] / 255` for `i < count`, as {@link normalize} scales them.
 * Where the pixels are 4-byte aligned (MNIST's rows are) they are read four at a time, one 32-bit
 * word each, and a word of four zeros (most of an image: its background) costs a single test;
 * this halves the time to copy a batch.
 */
export function scalePixels(
  pixels: Uint8Array,
  start: number,
  count: number,
  out: Float32Array,
  outStart: number,
): void {
  const byte = pixels.byteOffset + start;
  let i = 0;
  if (LITTLE_ENDIAN && byte % 4 === 0 && count >= 4) {
    let words = wordViews.get(pixels.buffer);
    if (words === undefined) {
      words = new Uint32Array(pixels.buffer, 0, pixels.buffer.byteLength >> 2);
      wordViews.set(pixels.buffer, words);
    }
    const first = byte >> 2;
    const whole = count >> 2;
    for (let w = 0; w < whole; w++) {
      const word = words[first + w]!;
      const o = outStart + 4 * w;
      if (word === 0) {
        out[o] = 0;
        out[o + 1] = 0;
        out[o + 2] = 0;
        out[o + 3] = 0;
      } else {
        out[o] = PIXEL_SCALE[word & 255]!;
        out[o + 1] = PIXEL_SCALE[(word >>> 8) & 255]!;
        out[o + 2] = PIXEL_SCALE[(word >>> 16) & 255]!;
        out[o + 3] = PIXEL_SCALE[word >>> 24]!;
      }
    }
    i = whole * 4;
  }
  for (; i < count; i++) out[outStart + i] = PIXEL_SCALE[pixels[start + i]!]!;
}
