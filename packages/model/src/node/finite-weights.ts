import type * as tf from '@tensorflow/tfjs-core';
import { NonFiniteWeightError } from '../errors';
import { weightByteLength } from './weight-byte-length';

/**
 * Throws when a float32 weight in `weights` (laid out as `specs` describe, TF.js's
 * `encodeWeights` order) holds NaN or Infinity, naming the first such weight. Quantized and
 * non-float weights cannot hold them and are skipped.
 *
 * @throws NonFiniteWeightError naming the weight, how many of its values are not finite, and `dir`.
 */
export function checkFiniteWeights(
  dir: string,
  specs: readonly tf.io.WeightsManifestEntry[],
  weights: Uint8Array,
): void {
  let offset = 0;
  for (const spec of specs) {
    const byteLength = weightByteLength([spec]);
    // A dtype of unknown width (strings) leaves the rest of the layout unknown: nothing to check.
    if (byteLength === undefined) return;
    if (spec.dtype === 'float32' && !spec.quantization) {
      const bad = countNonFinite(weights, offset, byteLength / 4);
      if (bad > 0) {
        throw new NonFiniteWeightError(
          dir,
          spec.name,
          `Refusing to save the model to ${dir}: its weight '${spec.name}' holds ${bad} NaN or ` +
            'infinite value(s), so the model predicts nothing useful (training diverged: lower ' +
            'the learning rate or check the data). Nothing was written; a model already in the ' +
            'folder is kept.',
        );
      }
    }
    offset += byteLength;
  }
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
