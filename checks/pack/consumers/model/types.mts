import {
  type ClassifierSignature,
  classifierSignature,
  createMnistMlp,
  type MnistMlpOptions,
  ModelOptionError,
  summary,
} from '@mnist-wasm/model';
import { loadModel, saveModel } from '@mnist-wasm/model/node';
import type { LayersModel, Sequential } from '@tensorflow/tfjs-layers';

const options: MnistMlpOptions = { seed: 1, hiddenUnits: 64, inputShape: [784] };
const model: Sequential = createMnistMlp(options);
const text: string = summary(model);
const signature: ClassifierSignature = classifierSignature(model, 'types');
await saveModel(model, 'models/mnist');
const loaded: LayersModel = await loadModel('models/mnist');
const error: Error = new ModelOptionError('createMnistMlp', 'seed', 'x', 'a safe integer');
// @ts-expect-error seed is a number
createMnistMlp({ seed: 'random' });
export { error, loaded, signature, text };
