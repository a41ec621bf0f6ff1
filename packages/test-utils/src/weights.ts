import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** The model's weights as plain arrays, in `model.getWeights()` order. */
export function weightValues(model: LayersModel): Float32Array[] {
  return model.getWeights().map((weight: tf.Tensor) => weight.dataSync() as Float32Array);
}
