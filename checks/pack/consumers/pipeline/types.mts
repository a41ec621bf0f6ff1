import type { MnistSplit } from '@mnist-wasm/dataset';
import {
  buildModel,
  evaluateModel,
  type FitEvent,
  type FitResult,
  fitModel,
  type TestResult,
} from '@mnist-wasm/pipeline';
import { type SavedModelFiles, saveTrainedModel } from '@mnist-wasm/pipeline/node';

declare const train: MnistSplit;
const { model } = buildModel('cnn', { seed: 1 });
const losses: number[] = [];
const fit: FitResult = await fitModel(model, train, { epochs: 1 }, (event: FitEvent) => {
  if (event.type === 'batch') losses.push(event.loss);
});
const result: TestResult = await evaluateModel(model, train, { quoteKeras: false });
const saved: SavedModelFiles = await saveTrainedModel(model, 'model');
// @ts-expect-error the model kinds are 'mlp' and 'cnn'
buildModel('resnet');
export { fit, result, saved };
