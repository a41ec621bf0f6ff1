import { gatherBatch, type MnistSplit, range } from '@mnist-wasm/dataset';
import { sparseCategoricalAccuracy, sparseCategoricalCrossentropy } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { EvaluationInputError } from './errors';
import { checkBatchSize, exampleShape } from './inputs';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Examples per forward pass: a positive integer. Default 32, as Keras; 1000 is faster. */
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
 * Keras's `model.evaluate(x_test, y_test)` from the notebook: the mean loss and the accuracy over a
 * whole split, without dropout (inference mode).
 *
 * Runs in batches: only one batch at a time becomes a float32 tensor (pixels scaled to [0, 1]), so
 * memory stays bounded whatever the split's size. Each batch's mean is weighted by its size, so a
 * partial last batch counts exactly as much as its examples; results are read from the device once
 * at the end.
 *
 * @param model - A model taking float32 `[batch, rows, cols]` (any shape with `rows * cols` pixels)
 *   and giving `[batch, classes]` logits (or probabilities with `fromLogits: false`).
 * @param data - The split to evaluate: uint8 pixels and labels in `[0, classes)`.
 * @param options - Batch size and whether outputs are logits; see {@link EvaluateOptions}.
 * @returns `{ loss, accuracy, count }`.
 * @throws EvaluationInputError when the split is empty or its images do not have the model's
 *   number of pixels; InvalidEvaluatorOptionError for a batch size that is not a positive integer.
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
  data: MnistSplit,
  options: EvaluateOptions = {},
): Promise<EvaluationResult> {
  const caller = 'evaluate';
  const batchSize = checkBatchSize(options.batchSize ?? 32, caller);
  const example = exampleShape(model, caller);
  if (data.rows * data.cols !== example.pixels) {
    throw new EvaluationInputError(
      `${caller}: the split's images are ${data.rows}x${data.cols} but the model takes [${example.shape}] (${example.pixels} pixels); pass a split matching the model's inputShape.`,
    );
  }
  if (data.count === 0) {
    throw new EvaluationInputError(`${caller}: the split has no examples; pass at least one.`);
  }
  const lossFunction = sparseCategoricalCrossentropy({ fromLogits: options.fromLogits ?? true });
  const buffers = {
    pixels: new Float32Array(Math.min(batchSize, data.count) * example.pixels),
    labels: new Int32Array(Math.min(batchSize, data.count)),
  };
  // Two running sums stay on the device: no read-back per batch.
  let totals = tf.zeros([2]);
  for (let start = 0; start < data.count; start += batchSize) {
    const batch = gatherBatch(data, range(start, Math.min(start + batchSize, data.count)), buffers);
    const previous = totals;
    totals = tf.tidy(() => {
      const images = tf.tensor(batch.pixels, [batch.size, ...example.shape], 'float32');
      const labels = tf.tensor1d(batch.labels, 'int32');
      const outputs = model.apply(images, { training: false }) as tf.Tensor;
      const means = tf.stack([
        lossFunction(labels, outputs),
        sparseCategoricalAccuracy(labels, outputs),
      ]);
      return tf.add(previous, tf.mul(means, batch.size));
    });
    previous.dispose();
  }
  const [lossSum, correct] = await totals.data();
  totals.dispose();
  return {
    loss: lossSum! / data.count,
    // Batch accuracies times batch sizes are whole counts up to float32 rounding.
    accuracy: Math.round(correct!) / data.count,
    count: data.count,
  };
}
