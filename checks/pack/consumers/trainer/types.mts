import { createExamples, type MnistSplit } from '@mnist-wasm/dataset';
import { createMnistMlp } from '@mnist-wasm/model';
import {
  TrainerOptionError,
  type TrainHistory,
  type TrainOptions,
  train,
} from '@mnist-wasm/trainer';

declare const data: MnistSplit;
const options: TrainOptions = { epochs: 1, batchSize: 32, seed: 1, validationData: data };
const { history } = await train(createMnistMlp(), data, options);
const losses: TrainHistory['loss'] = history.loss;
const own = createExamples({
  features: new Float32Array(4 * 3),
  labels: new Uint8Array(4),
  shape: [3],
  numClasses: 2,
});
await train(createMnistMlp({ inputShape: [3], numClasses: 2 }), own, { epochs: 1 });
const error: Error = new TrainerOptionError('train', 'epochs', -1, 'a non-negative integer');
// @ts-expect-error epochs is a number
await train(createMnistMlp(), data, { epochs: 'five' });
export { error, losses };
