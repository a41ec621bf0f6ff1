import * as tf from '@tensorflow/tfjs-core';
import { classIndices } from './labels';

/** Keras's `backend.epsilon()`: how far probabilities are kept from 0 and 1 before the log. */
export const PROBABILITY_EPSILON = 1e-7;

/** Options of {@link sparseCategoricalCrossentropy}. */
export interface SparseCategoricalCrossentropyOptions {
  /** Whether predictions are logits (true, the notebook's choice) or probabilities. Default true. */
  fromLogits?: boolean;
}

/**
 * A loss `(labels, predictions) => scalar`: labels int32 or float32 class indices `[n]` or `[n, 1]`,
 * predictions float32 `[n, classes]`.
 */
export type SparseLossFunction = (labels: tf.Tensor, predictions: tf.Tensor) => tf.Scalar;

/**
 * Keras's `SparseCategoricalCrossentropy`: the mean over the batch of `-log p(label)`.
 *
 * - `fromLogits: true` (default): `p = softmax(logits)`, computed stably as
 *   `logSumExp(logits) - logits[label]`, with a hand-written gradient `(softmax - onehot) / n` so
 *   training runs a few kernels instead of differentiating each step of the log-sum-exp.
 * - `fromLogits: false`: predictions are probabilities, clipped to `[1e-7, 1 - 1e-7]` before the log
 *   as Keras does; rows are renormalized through the log-softmax like TensorFlow's
 *   `sparse_softmax_cross_entropy_with_logits(labels, log(p))`.
 *
 * The returned function also works as a tfjs-layers `compile` loss, which calls it with the targets
 * as `[n, 1]`. Label values are not read back from the device: an index outside `[0, classes)`
 * contributes `logSumExp(logits)` instead of throwing, so check labels when loading data.
 *
 * @param options - See {@link SparseCategoricalCrossentropyOptions}.
 * @returns The loss function; its result is a float32 scalar tensor, owned by the caller.
 * @throws TensorShapeError (when the loss is called) if predictions are not rank 2 or the labels
 *   are not `[n]` or `[n, 1]` with the predictions' `n`.
 *
 * @example
 * ```ts
 * const loss = sparseCategoricalCrossentropy();
 * const value = loss(tf.tensor1d([0], 'int32'), tf.tensor2d([[2, 1, 0]]));
 * value.dataSync()[0]; // log(e^2 + e^1 + e^0) - 2 ≈ 0.4076
 * ```
 */
export function sparseCategoricalCrossentropy(
  options: SparseCategoricalCrossentropyOptions = {},
): SparseLossFunction {
  const { fromLogits = true } = options;
  const caller = 'sparseCategoricalCrossentropy';
  return (labels, predictions) =>
    tf.tidy(() => {
      const indices = classIndices(labels, predictions, caller);
      const logits = fromLogits
        ? predictions
        : tf.log(tf.clipByValue(predictions, PROBABILITY_EPSILON, 1 - PROBABILITY_EPSILON));
      return meanCrossentropyFromLogits(indices, logits as tf.Tensor2D);
    });
}

/**
 * Mean cross-entropy of int32 `indices` `[n]` against `logits` `[n, classes]`.
 *
 * The one-hot targets carry the `1 / n` of the mean, so the forward pass is
 * oneHot, cast, mul, max, sub, exp, sum, log, sub, mul, sum; the gradient reuses the saved exponentials.
 */
function meanCrossentropyFromLogits(indices: tf.Tensor1D, logits: tf.Tensor2D): tf.Scalar {
  const [n, classes] = logits.shape;
  // An int32 one-hot scaled afterwards: stock tfjs-backend-wasm writes a float oneHot's on-value
  // as int32 bits (0.03125 comes out as 0), which would make the loss 0 there.
  const scaledTargets = tf.mul(tf.cast(tf.oneHot(indices, classes), 'float32'), tf.scalar(1 / n));
  const crossentropy = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const shifted = tf.sub(x, tf.max(x, 1, true));
    const exps = tf.exp(shifted);
    const sums = tf.sum(exps, 1, true);
    // -log softmax(x) = log(sum(exp(shifted))) - shifted, weighted by the scaled one-hot.
    const value = tf.sum(tf.mul(scaledTargets, tf.sub(tf.log(sums), shifted))) as tf.Scalar;
    save([exps, sums, scaledTargets]);
    return {
      value,
      gradFunc: (dy: tf.Scalar, saved: tf.Tensor[]) => {
        const [savedExps, savedSums, savedTargets] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        // d(mean loss)/dx = softmax(x) / n - onehot / n.
        const gradient = tf.sub(tf.div(savedExps, tf.mul(savedSums, n)), savedTargets);
        return tf.mul(gradient, dy);
      },
    };
  });
  return crossentropy(logits);
}
