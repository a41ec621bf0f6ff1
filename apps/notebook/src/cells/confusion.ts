import { type ConfusionMatrix, formatConfusionMatrix } from '@mnist-wasm/evaluator';
import { cellHeading } from '../format';

/** In [8]'s heading, printed before the test set is classified. */
export const CONFUSION_HEADING = cellHeading(8, 'confusion_matrix(y_test, predicted_classes)');

/**
 * In [8]: true against predicted class, with per-class precision and recall; rows and columns
 * named by `classNames` when given.
 */
export function renderConfusion(matrix: ConfusionMatrix, classNames?: readonly string[]): string {
  return formatConfusionMatrix(matrix, { classNames });
}
