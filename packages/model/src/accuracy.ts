import * as tf from '@tensorflow/tfjs-core';
import { classIndices } from './labels';

/**
 * Keras's `sparse_categorical_accuracy`: the fraction of examples whose highest-scoring class
 * (argmax of logits or probabilities) equals the label. Ties go to the lowest class index.
 *
 * Also usable as a tfjs-layers `compile` metric, which passes targets as `[n, 1]`.
 *
 * @param labels - Class indices, int32 or float32, `[n]` or `[n, 1]`.
 * @param predictions - Scores, float32 `[n, classes]`.
 * @returns A float32 scalar in [0, 1], owned by the caller.
 * @throws TensorShapeError if predictions are not rank 2 or labels do not match their `n`.
 *
 * @example
 * ```ts
 * const acc = sparseCategoricalAccuracy(
 *   tf.tensor1d([1, 0], 'int32'),
 *   tf.tensor2d([[0.1, 0.9], [0.2, 0.8]]),
 * );
 * acc.dataSync()[0]; // 0.5
 * ```
 */
export function sparseCategoricalAccuracy(labels: tf.Tensor, predictions: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const indices = classIndices(labels, predictions, 'sparseCategoricalAccuracy');
    return tf.mean(tf.cast(tf.equal(tf.argMax(predictions, 1), indices), 'float32')) as tf.Scalar;
  });
}
