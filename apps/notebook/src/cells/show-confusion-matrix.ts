import {
  type ConfusionMatrix,
  confusionMatrix,
  formatConfusionMatrix,
  predictClasses,
} from '@mnist-wasm/evaluator';
import { cellHeading } from '../format';
import type { TestCell } from '../notebook-output';

/**
 * In [8]: `confusion_matrix(y_test, predicted_classes)`: true against predicted class over all of
 * the test examples, with per-class precision and recall.
 */
export async function showConfusionMatrix({
  model,
  test,
  print,
}: TestCell): Promise<ConfusionMatrix> {
  print(cellHeading(8, 'confusion_matrix(y_test, predicted_classes)'));
  const predicted = await predictClasses(model, test);
  const matrix = confusionMatrix(test.labels, predicted, test.numClasses);
  print(formatConfusionMatrix(matrix));
  return matrix;
}
