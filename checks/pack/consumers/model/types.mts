import { createMnistMlp, type MnistMlpOptions, summary } from '@mnist-wasm/model';
import type { Sequential } from '@tensorflow/tfjs-layers';

const options: MnistMlpOptions = { seed: 1, hiddenUnits: 64 };
const model: Sequential = createMnistMlp(options);
const text: string = summary(model);
// @ts-expect-error seed is a number
createMnistMlp({ seed: 'random' });
export { text };
