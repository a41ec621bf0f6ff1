import { createExamples, type MnistSplit } from '@mnist-wasm/dataset';
import {
  argMaxRows,
  type EvaluationResult,
  EvaluatorError,
  evaluate,
  predictClasses,
  predictProbabilities,
} from '@mnist-wasm/evaluator';
import { createMnistMlp } from '@mnist-wasm/model';

declare const test: MnistSplit;
const model = createMnistMlp();
const result: EvaluationResult = await evaluate(model, test, { batchSize: 64 });
const classes: Int32Array = await predictClasses(model, test);
const own = createExamples({
  features: new Float32Array(2 * 784),
  labels: new Uint8Array(2),
  shape: [784],
  numClasses: 10,
});
const probabilities: Float32Array = await predictProbabilities(model, own, { fromLogits: true });
const predicted: Int32Array = argMaxRows(probabilities, 10);
const error: Error = new EvaluatorError('x');
// @ts-expect-error batchSize is a number
await evaluate(model, test, { batchSize: '64' });
// @ts-expect-error predictions take examples ({ features, count, shape }), not bare pixels
await predictClasses(model, test.features);
export { classes, error, predicted, result };
