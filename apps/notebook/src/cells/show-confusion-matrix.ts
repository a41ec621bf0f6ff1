import type { Examples } from '@mnist-wasm/dataset';
import { confusionMatrix, formatConfusionMatrix, predictClasses } from '@mnist-wasm/evaluator';
import type * as tfl from '@tensorflow/tfjs-layers';
import { cellHeading } from '../format';
import type { Print } from '../notebook-output';

/**
 * In [8]: `confusion_matrix(y_test, predicted_classes)`: true against predicted class over all of
 * `examples`, with per-class precision and recall.
 */
export async function showConfusionMatrix(
  model: tfl.LayersModel,
  examples: Examples,
  print: Print,
): Promise<void> {
  print(cellHeading(8, 'confusion_matrix(y_test, predicted_classes)'));
  const predicted = await predictClasses(model, examples);
  print(formatConfusionMatrix(confusionMatrix(examples.labels, predicted, examples.numClasses)));
}
