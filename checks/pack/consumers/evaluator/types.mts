import type { MnistSplit } from '@mnist-wasm/dataset';
import { type EvaluationResult, evaluate, predictClasses } from '@mnist-wasm/evaluator';
import { createMnistMlp } from '@mnist-wasm/model';

declare const test: MnistSplit;
const model = createMnistMlp();
const result: EvaluationResult = await evaluate(model, test, { batchSize: 64 });
const classes: Int32Array = await predictClasses(model, test);
// @ts-expect-error batchSize is a number
await evaluate(model, test, { batchSize: '64' });
export { classes, result };
