import type * as tfl from '@tensorflow/tfjs-layers';
import { NonFiniteModelWeightError } from './errors';

/**
 * Throws when a float32 weight of `model` holds NaN or Infinity. A model loaded from a folder was
 * checked by `loadModel` and a trained one by `train`; this covers a model built or changed in
 * memory (`setWeights`). Reading the weights costs far less than one forward pass of a batch.
 *
 * @throws NonFiniteModelWeightError naming `caller`, the first bad weight and how many of its
 *   values are not finite.
 */
export function checkFiniteWeights(model: tfl.LayersModel, caller: string): void {
  for (const weight of model.weights) {
    const value = weight.read();
    if (value.dtype !== 'float32') continue;
    let bad = 0;
    for (const x of value.dataSync() as Float32Array) if (!Number.isFinite(x)) bad++;
    if (bad > 0) {
      throw new NonFiniteModelWeightError(
        weight.originalName,
        `${caller}: the model's weight '${weight.originalName}' holds ${bad} NaN or infinite ` +
          'value(s), so its results would be wrong (often without any NaN in its outputs: ReLU ' +
          'turns NaN into 0). Train the model again from finite weights, or load a saved copy.',
      );
    }
  }
}
