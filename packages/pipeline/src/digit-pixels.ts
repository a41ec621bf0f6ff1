import { type Examples, exampleSize } from '@mnist-wasm/dataset';

/**
 * The pixels of example `index` as a new `Uint8Array` of `size(shape)` values (784 for MNIST's
 * `[28, 28]`), 0 (background) to 255 (ink): uint8 features are copied, float32 ones (in [0, 1])
 * scaled by 255 and rounded. A copy, so it can be transferred or posted without the split.
 *
 * @example
 * ```ts
 * const first = digitPixels(train, 0); // Uint8Array(784)
 * ```
 */
export function digitPixels(
  examples: Pick<Examples, 'features' | 'shape'>,
  index: number,
): Uint8Array {
  const size = exampleSize(examples.shape);
  const values = examples.features.subarray(index * size, (index + 1) * size);
  if (values instanceof Uint8Array) return values.slice();
  // Uint8Array's conversion clamps to [0, 255] after the rounding.
  return Uint8Array.from(values, (value) => Math.round(value * 255));
}
