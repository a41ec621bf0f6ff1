import * as tfl from '@tensorflow/tfjs-layers';

/**
 * The notebook's probability model, `Sequential([model, Softmax()])`: the same network followed by
 * a softmax over the last axis.
 *
 * The new model contains `model` itself as its first layer, so the two share weights: training
 * `model` (or setting its weights) changes the probabilities too. Dispose only one of them.
 *
 * @param model - A model that outputs logits `[batch, classes]`, e.g. from `createMnistMlp()`.
 * @returns A `tf.Sequential` with `model`'s input and output float32 probabilities
 *   `[batch, classes]`, each row in [0, 1] summing to 1.
 *
 * @example
 * ```ts
 * const model = createMnistMlp();
 * const probabilityModel = withSoftmax(model);
 * const probabilities = probabilityModel.predict(tf.zeros([1, 28, 28])) as tf.Tensor; // [1, 10]
 * ```
 */
export function withSoftmax(model: tfl.LayersModel): tfl.Sequential {
  return tfl.sequential({
    name: `${model.name}_probabilities`,
    layers: [model, tfl.layers.softmax({ name: 'softmax', axis: -1 })],
  });
}
