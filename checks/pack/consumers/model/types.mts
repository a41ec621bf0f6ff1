import { createMnistMlp, type MnistMlpOptions, summary } from '@mnist-wasm/model';
import { loadModel, saveModel } from '@mnist-wasm/model/node';
import type { LayersModel, Sequential } from '@tensorflow/tfjs-layers';

const options: MnistMlpOptions = { seed: 1, hiddenUnits: 64 };
const model: Sequential = createMnistMlp(options);
const text: string = summary(model);
await saveModel(model, 'models/mnist');
const loaded: LayersModel = await loadModel('models/mnist');
// @ts-expect-error seed is a number
createMnistMlp({ seed: 'random' });
export { loaded, text };
