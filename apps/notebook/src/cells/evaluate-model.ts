import type { TestResult } from '@mnist-wasm/pipeline';
import { cellHeading } from '../format';

/** In [6]'s heading, printed before the evaluation runs. */
export const EVALUATE_HEADING = cellHeading(6, 'model.evaluate(x_test, y_test, verbose=2)');

/** In [6]: the test loss and accuracy, beside the notebook's own result for the notebook's run. */
export function renderEvaluation({ count, loss, accuracy, keras }: TestResult): string {
  const quote =
    keras === null
      ? ''
      : `  (the notebook: loss ${keras.loss.toFixed(4)}, accuracy ${keras.accuracy.toFixed(4)})`;
  return `${count} examples - loss: ${loss.toFixed(4)} - accuracy: ${accuracy.toFixed(4)}${quote}`;
}
