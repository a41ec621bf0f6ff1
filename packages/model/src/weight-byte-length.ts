import type * as tf from '@tensorflow/tfjs-core';

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };
const BYTES_PER_QUANTIZED_ELEMENT: Record<string, number> = { uint8: 1, uint16: 2, float16: 2 };

/**
 * How many bytes the weights of a manifest occupy once concatenated, as TF.js's `encodeWeights`
 * lays them out (quantized weights take their stored width). Undefined when a weight has a dtype
 * whose size cannot be known from the manifest alone (strings), so no length check is possible.
 */
export function weightByteLength(specs: readonly tf.io.WeightsManifestEntry[]): number | undefined {
  let total = 0;
  for (const spec of specs) {
    const width = spec.quantization
      ? BYTES_PER_QUANTIZED_ELEMENT[spec.quantization.dtype]
      : BYTES_PER_ELEMENT[spec.dtype];
    if (width === undefined) return undefined;
    total += width * spec.shape.reduce((product, size) => product * size, 1);
  }
  return total;
}
