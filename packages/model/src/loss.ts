import * as tf from '@tensorflow/tfjs-core';
import { TensorShapeError } from './errors';
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
 *   `logSumExp(logits) - logits[label]`.
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
 * Mean cross-entropy of int32 `indices` `[n]` against `logits` `[n, classes]`, as
 * `mean(logSumExp(row) - row[label])`, shifted by each row's max to stay finite. Its gradient is
 * TF.js's automatic one; training on the host takes {@link lossAndGradientFromLogits} instead.
 */
function meanCrossentropyFromLogits(indices: tf.Tensor1D, logits: tf.Tensor2D): tf.Scalar {
  const [n, classes] = logits.shape;
  // An int32 one-hot scaled afterwards: stock tfjs-backend-wasm writes a float oneHot's on-value
  // as int32 bits (0.03125 comes out as 0), which would make the loss 0 there.
  const scaledTargets = tf.mul(tf.cast(tf.oneHot(indices, classes), 'float32'), tf.scalar(1 / n));
  const shifted = tf.sub(logits, tf.max(logits, 1, true));
  const logSums = tf.log(tf.sum(tf.exp(shifted), 1, true));
  // -log softmax(x) = log(sum(exp(shifted))) - shifted, weighted by the scaled one-hot.
  return tf.sum(tf.mul(scaledTargets, tf.sub(logSums, shifted))) as tf.Scalar;
}

/**
 * Loss and accuracy of one batch, from {@link lossAndGradientFromLogits}. (A type, not an
 * interface, so that `tf.tidy` can return it.)
 */
export type BatchLoss = {
  /** Mean sparse softmax cross-entropy over the batch. */
  loss: number;
  /** Number of examples whose largest logit is at their label (ties go to the lowest class). */
  correct: number;
};

/** One row's exponentials, reused across calls (grown to the widest row seen). */
let exponentials = new Float64Array(16);

/**
 * The loss of {@link sparseCategoricalCrossentropy} (from logits) and its gradient, on plain
 * arrays: for a training step that reads the batch's logits anyway (to report loss and
 * accuracy), one pass over `[n, classes]` values replaces a dozen kernels forward and backward.
 *
 * @param logits - `n * classes` logits, row-major `[n, classes]`.
 * @param labels - `n` class indices in `[0, classes)`.
 * @param classes - The number of classes, the width of a row.
 * @param gradient - Receives `d(mean loss)/d(logits) = (softmax(logits) - onehot(labels)) / n`,
 *   `n * classes` floats.
 * @returns `{ loss, correct }`: the mean loss and the number of correct argmax predictions.
 * @throws TensorShapeError when `logits` is not `labels.length * classes` values, `gradient` is
 *   shorter, or a label is not a whole number in `[0, classes)`.
 *
 * @example
 * ```ts
 * const gradient = new Float32Array(3);
 * lossAndGradientFromLogits(new Float32Array([2, 1, 0]), new Int32Array([0]), 3, gradient);
 * // { loss: 0.4076, correct: 1 }; gradient = softmax([2, 1, 0]) - [1, 0, 0]
 * ```
 */
export function lossAndGradientFromLogits(
  logits: Float32Array,
  labels: Int32Array,
  classes: number,
  gradient: Float32Array,
): BatchLoss {
  const n = labels.length;
  const caller = 'lossAndGradientFromLogits';
  if (!(Number.isInteger(classes) && classes >= 2) || logits.length !== n * classes) {
    throw new TensorShapeError(
      `${caller}: ${logits.length} logits do not make ${n} rows of ${classes} classes; pass n * classes logits (classes >= 2) for n labels.`,
    );
  }
  if (gradient.length < n * classes) {
    throw new TensorShapeError(
      `${caller}: the gradient buffer holds ${gradient.length} values but ${n} rows of ${classes} classes need ${n * classes}; pass a buffer as long as the logits.`,
    );
  }
  let lossSum = 0;
  let correct = 0;
  if (exponentials.length < classes) exponentials = new Float64Array(classes);
  const exps = exponentials;
  for (let i = 0; i < n; i++) {
    const row = i * classes;
    let max = logits[row]!;
    let argmax = 0;
    for (let c = 1; c < classes; c++) {
      const z = logits[row + c]!;
      if (z > max) {
        max = z;
        argmax = c;
      }
    }
    // Each exponential once, kept in float64 for the gradient below.
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp(logits[row + c]! - max);
      exps[c] = e;
      sum += e;
    }
    const label = labels[i]!;
    if (!(label >= 0 && label < classes)) {
      throw new TensorShapeError(
        `${caller}: labels[${i}] is ${label}, outside the ${classes} classes 0-${classes - 1}; check the labels.`,
      );
    }
    lossSum += Math.log(sum) + max - logits[row + label]!;
    if (argmax === label) correct++;
    for (let c = 0; c < classes; c++) {
      const p = exps[c]! / sum;
      gradient[row + c] = (p - (c === label ? 1 : 0)) / n;
    }
  }
  return { loss: lossSum / n, correct };
}
