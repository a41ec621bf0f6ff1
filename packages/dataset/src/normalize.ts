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
  for (let i = 0; i < pixels.length; i++) out[i] = PIXEL_SCALE[pixels[i]!]!;
  return out;
}
