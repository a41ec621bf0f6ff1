import type { MnistSplit } from '@mnist-wasm/dataset';
import { createMnistMlp } from '@mnist-wasm/model';
import { type TrainHistory, type TrainOptions, train } from '@mnist-wasm/trainer';

declare const data: MnistSplit;
const options: TrainOptions = { epochs: 1, batchSize: 32, seed: 1 };
const { history } = await train(createMnistMlp(), data, options);
const losses: TrainHistory['loss'] = history.loss;
// @ts-expect-error epochs is a number
await train(createMnistMlp(), data, { epochs: 'five' });
export { losses };
