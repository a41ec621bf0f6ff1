// `node fetch-mnist.mjs fetch '{ "baseUrl": ..., "timeoutMs": ... }'`: fetchMnist from the built
// browser entry of @mnist-wasm/dataset (fetch and DecompressionStream, as in a tab), reporting the
// counts and first labels, or the error.
import { fetchMnist } from '@mnist-wasm/dataset';
import { args, mark, run } from './report.mjs';

const { op, options } = args();
if (op !== 'fetch') throw new Error(`fetch-mnist.mjs: unknown op ${op}`);
const { baseUrl, ...rest } = options;

await run(async () => {
  mark('ready');
  const { train, test } = await fetchMnist(baseUrl, rest);
  return {
    train: train.count,
    test: test.count,
    trainLabels: Array.from(train.labels.subarray(0, 5)),
    testLabels: Array.from(test.labels.subarray(0, 5)),
  };
});
