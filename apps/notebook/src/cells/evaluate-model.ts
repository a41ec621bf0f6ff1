import { type EvaluationResult, evaluate } from '@mnist-wasm/evaluator';
import { cellHeading } from '../format';
import type { TestCell } from '../notebook-output';

/** In [6]: `model.evaluate(x_test, y_test, verbose=2)`, beside the notebook's own result. */
export async function evaluateModel({ model, test, print }: TestCell): Promise<EvaluationResult> {
  print(cellHeading(6, 'model.evaluate(x_test, y_test, verbose=2)'));
  const result = await evaluate(model, test);
  print(
    `${result.count} examples - loss: ${result.loss.toFixed(4)} - accuracy: ${result.accuracy.toFixed(4)}` +
      '  (the notebook: loss 0.0733, accuracy 0.9768)',
  );
  return result;
}
