// `node dataset.mjs load '<LoadMnistOptions as JSON>'`: loadMnist from the built
// @mnist-wasm/dataset, reporting the counts and first labels, or the error.
import { loadMnist } from '@mnist-wasm/dataset/node';
import { args, mark, run } from './report.mjs';

const { op, options } = args();
if (op !== 'load') throw new Error(`dataset.mjs: unknown op ${op}`);

await run(async () => {
  mark('ready');
  const { train, test } = await loadMnist(options);
  return {
    train: train.count,
    test: test.count,
    trainLabels: Array.from(train.labels.subarray(0, 5)),
    testLabels: Array.from(test.labels.subarray(0, 5)),
  };
});
