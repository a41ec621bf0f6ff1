import type * as tf from '@tensorflow/tfjs-core';
import { weightByteLength } from './weight-byte-length';

/** A weight holding NaN or Infinity: its name, how many of its values, and where its bytes start. */
export interface NonFiniteWeight {
  name: string;
  count: number;
  /** The byte offset of the weight in the concatenated weight data. */
  offset: number;
}

/**
 * The first float32 weight in `weights` (laid out as `specs` describe, TF.js's `encodeWeights`
 * order) that holds NaN or Infinity, or undefined when all are finite. Quantized and non-float
 * weights cannot hold them and are skipped.
 *
 * Checked on the bytes, not through a forward pass: a NaN can leave a model's outputs finite (ReLU
 * maps NaN to 0; the Dense kernels skip the weight rows of zero pixels), so its predictions would
 * be silently wrong rather than visibly NaN.
 */
export function firstNonFiniteWeight(
  specs: readonly tf.io.WeightsManifestEntry[],
  weights: Uint8Array,
): NonFiniteWeight | undefined {
  let offset = 0;
  for (const spec of specs) {
    const byteLength = weightByteLength([spec]);
    // A dtype of unknown width (strings) leaves the rest of the layout unknown: nothing to check.
    if (byteLength === undefined) return undefined;
    if (spec.dtype === 'float32' && !spec.quantization) {
      const count = countNonFinite(weights, offset, byteLength / 4);
      if (count > 0) return { name: spec.name, count, offset };
    }
    offset += byteLength;
  }
  return undefined;
}

function countNonFinite(bytes: Uint8Array, offset: number, count: number): number {
  const start = bytes.byteOffset + offset;
  // A float32 view needs 4-byte alignment, which a preceding bool or uint8 weight can break.
  const values = start % 4 === 0 ? new Float32Array(bytes.buffer, start, count) : undefined;
  const view = values ? undefined : new DataView(bytes.buffer, start, count * 4);
  let bad = 0;
  for (let i = 0; i < count; i++) {
    const value = values ? values[i]! : view!.getFloat32(4 * i, true);
    if (!Number.isFinite(value)) bad++;
  }
  return bad;
}
