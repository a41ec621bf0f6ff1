import { type Examples, sliceExamples } from '@mnist-wasm/dataset';
import { predict } from '@mnist-wasm/evaluator';
import { withSoftmax } from '@mnist-wasm/model';
import type * as tfl from '@tensorflow/tfjs-layers';
import { digitPixels } from './digit-pixels';

/** One test example with what the model makes of it. */
export interface ExampleProbabilities {
  /** The example's pixels, 0-255 (784 for MNIST). */
  pixels: Uint8Array;
  /** The true class. */
  label: number;
  /** The most probable class (ties go to the lowest). */
  predicted: number;
  /** One probability per class (10 for MNIST), in [0, 1], summing to 1; its own array. */
  probabilities: Float32Array;
}

/**
 * In [7]: `probability_model = Sequential([model, Softmax()]); probability_model(x_test[:5])`:
 * the class probabilities of the first `count` test examples (fewer when the split is smaller),
 * with the predicted and the true class.
 *
 * @param model - A classifier with `[batch, classes]` logits out.
 * @param test - Labelled examples the model takes: MNIST's test split, `[10000, 28, 28]` uint8.
 * @param count - How many examples from the start, default 5 (`x_test[:5]`).
 * @throws The evaluator's errors for examples that do not fit the model or non-finite weights.
 *
 * @example
 * ```ts
 * const [first] = await probabilities(model, test);
 * first.predicted; // 7 (first.label is 7 too)
 * first.probabilities; // Float32Array(10) [0.0000, ..., 0.9999, ...]
 * ```
 */
export async function probabilities(
  model: tfl.LayersModel,
  test: Examples,
  count = 5,
): Promise<ExampleProbabilities[]> {
  const shown = sliceExamples(test, 0, Math.min(count, test.count));
  // The probability model ends in a softmax: its outputs are probabilities already.
  const predictions = await predict(withSoftmax(model), shown, { fromLogits: false });
  return predictions.map(({ predicted, probabilities: row }, i) => ({
    pixels: digitPixels(shown, i),
    label: shown.labels[i] as number,
    predicted,
    probabilities: row.slice(),
  }));
}
