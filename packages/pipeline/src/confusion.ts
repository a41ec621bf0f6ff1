import type { Examples } from '@mnist-wasm/dataset';
import { type ConfusionMatrix, confusionMatrix, predictClasses } from '@mnist-wasm/evaluator';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * In [8]: `confusion_matrix(y_test, predicted_classes)`: true against predicted class over every
 * test example, with per-class precision, recall and support (`formatConfusionMatrix` of
 * `@mnist-wasm/evaluator` prints it as the notebook does).
 *
 * @param model - A classifier with `[batch, classes]` logits out.
 * @param test - Labelled examples the model takes: MNIST's test split, `[10000, 28, 28]` uint8.
 * @param options.batchSize - Examples per forward pass (the evaluator's default when absent).
 * @returns A `classes` x `classes` matrix (`counts[true][predicted]`), plain data.
 * @throws The evaluator's errors for examples that do not fit the model or non-finite weights.
 *
 * @example
 * ```ts
 * const matrix = await confusion(model, test);
 * matrix.counts[7][7]; // e.g. 1002 of the 1028 sevens
 * matrix.accuracy; // e.g. 0.976
 * ```
 */
export async function confusion(
  model: tfl.LayersModel,
  test: Examples,
  options: { batchSize?: number } = {},
): Promise<ConfusionMatrix> {
  const predicted = await predictClasses(model, test, options);
  return confusionMatrix(test.labels, predicted, test.numClasses);
}
