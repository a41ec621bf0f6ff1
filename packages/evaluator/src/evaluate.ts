import { checkExamples, type Examples } from '@mnist-wasm/dataset';
import {
  classifierSignature,
  lossAndGradientFromLogits,
  sparseCategoricalAccuracy,
  sparseCategoricalCrossentropy,
} from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { batchTensor } from './batch-tensor';
import { checkPositiveInteger, maxBatchSize } from './check-positive-integer';
import { checkFiniteWeights } from './finite-weights';
import { type InferenceForward, inferenceForward } from './inference-forward';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /**
   * Examples per forward pass: an integer from 1 to {@link maxBatchSize} (65,536). Default 32, as
   * Keras; 1000 is faster.
   */
  batchSize?: number;
  /** Whether the model outputs logits (true, the notebook's model) or probabilities. Default true. */
  fromLogits?: boolean;
}

/** What {@link evaluate} measures, as Keras's `model.evaluate` reports it. */
export interface EvaluationResult {
  /** Mean sparse categorical cross-entropy over all examples. */
  readonly loss: number;
  /** Fraction of examples whose argmax prediction equals the label, in [0, 1]. */
  readonly accuracy: number;
  /** Number of examples evaluated. */
  readonly count: number;
}

/**
 * Keras's `model.evaluate(x_test, y_test)` from the notebook: the mean loss and the accuracy over
 * labelled examples, without dropout (inference mode).
 *
 * Runs in batches: only one batch at a time becomes a float32 tensor (uint8 features scaled to
 * [0, 1]), so memory stays bounded whatever the number of examples. Each batch's mean is weighted
 * by its size, so a partial last batch counts exactly as much as its examples; results are read
 * from the device once at the end. The examples are checked as `train` checks them.
 *
 * A model with a plan (the notebook's MLP and convnet on 'wasm', see `inferenceForward`) is
 * evaluated on its plan's forwards instead of layer by layer, and its loss summed on the host in
 * float64 from each batch's logits (which live in the WASM heap, so reading them costs no device
 * round trip). The result is the same up to float rounding.
 *
 * @param model - A classifier taking examples of `data.shape` (or any shape of as many values) and
 *   giving `[batch, classes]` logits (or probabilities with `fromLogits: false`).
 * @param data - Labelled examples, e.g. an MNIST split; see `Examples` in `@mnist-wasm/dataset`.
 * @param options - Batch size and whether outputs are logits; see {@link EvaluateOptions}.
 * @returns `{ loss, accuracy, count }`.
 * @throws ExamplesError (from `@mnist-wasm/dataset`) when the examples do not hold together or do
 *   not fit the model; EvaluatorOptionError for a batch size that is not an integer from 1 to
 *   65,536;
 *   UnsupportedModelError (from `@mnist-wasm/model`) for a model that is not a classifier;
 *   NonFiniteModelWeightError when a weight of the model holds NaN or Infinity.
 *
 * @example
 * ```ts
 * import { loadMnist } from '@mnist-wasm/dataset/node';
 * import { createMnistMlp } from '@mnist-wasm/model';
 * import { evaluate } from '@mnist-wasm/evaluator';
 *
 * const { test } = await loadMnist();
 * const { loss, accuracy } = await evaluate(createMnistMlp(), test, { batchSize: 1000 });
 * // untrained: loss ≈ 2.3, accuracy ≈ 0.1
 * ```
 */
export async function evaluate(
  model: tfl.LayersModel,
  data: Examples,
  options: EvaluateOptions = {},
): Promise<EvaluationResult> {
  const caller = 'evaluate';
  const batchSize = checkPositiveInteger(
    options.batchSize ?? 32,
    'batchSize',
    caller,
    32,
    maxBatchSize,
  );
  const signature = classifierSignature(model, caller);
  checkFiniteWeights(model, caller);
  checkExamples(data, { caller, name: 'data', model: signature, labelled: true });
  const lossFunction = sparseCategoricalCrossentropy({ fromLogits: options.fromLogits ?? true });
  const labels = new Int32Array(Math.min(batchSize, data.count));
  const forward = inferenceForward(model);
  const { inputShape, numClasses } = signature;
  if (forward.kind === 'plan' && (options.fromLogits ?? true)) {
    return evaluateOnHost(forward, data, batchSize, inputShape, numClasses);
  }
  // Two running sums stay on the device: no read-back per batch.
  let totals = tf.zeros([2]);
  try {
    for (let start = 0; start < data.count; start += batchSize) {
      const end = Math.min(start + batchSize, data.count);
      const batchLabels = labels.subarray(0, end - start);
      batchLabels.set(data.labels.subarray(start, end));
      const previous = totals;
      totals = tf.tidy(() => {
        const outputs = forward.run(batchTensor(data, start, end, inputShape));
        const labelTensor = tf.tensor1d(batchLabels, 'int32');
        const means = tf.stack([
          lossFunction(labelTensor, outputs),
          sparseCategoricalAccuracy(labelTensor, outputs),
        ]);
        return tf.add(previous, tf.mul(means, end - start));
      });
      previous.dispose();
    }
    const [lossSum, correct] = await totals.data();
    return {
      loss: lossSum! / data.count,
      // Batch accuracies times batch sizes are whole counts up to float32 rounding.
      accuracy: Math.round(correct!) / data.count,
      count: data.count,
    };
  } finally {
    // Also when the model throws half-way: the running sums are the one tensor outside a tidy.
    totals.dispose();
  }
}

/**
 * {@link evaluate} of a model on its plan: each batch's logits read from the WASM heap,
 * loss and correct count summed on the host (`lossAndGradientFromLogits`, in float64).
 */
function evaluateOnHost(
  forward: InferenceForward,
  data: Examples,
  batchSize: number,
  inputShape: readonly number[],
  classes: number,
): EvaluationResult {
  const labels = new Int32Array(Math.min(batchSize, data.count));
  const gradient = new Float32Array(labels.length * classes);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < data.count; start += batchSize) {
    const end = Math.min(start + batchSize, data.count);
    const batchLabels = labels.subarray(0, end - start);
    batchLabels.set(data.labels.subarray(start, end));
    const logits = tf.tidy(() => forward.run(batchTensor(data, start, end, inputShape)));
    const values = logits.dataSync() as Float32Array;
    logits.dispose();
    const stats = lossAndGradientFromLogits(values, batchLabels, classes, gradient);
    lossSum += stats.loss * batchLabels.length;
    correct += stats.correct;
  }
  return { loss: lossSum / data.count, accuracy: correct / data.count, count: data.count };
}
