// The whole notebook the stock way, in its own process so its peak RSS is its own:
// load, x / 255.0 as one float tensor, compile, model.fit for 5 epochs with stock tfjs-layers on
// tfjs-backend-wasm's stock kernels, evaluate. Prints one JSON object (NotebookRunResult) on stdout.
//   node apps/bench/dist/stock-notebook.js [--seed=1] [--epochs=5]
import { parseArgs } from 'node:util';
import { initWasmBackend } from '@mnist-wasm/backend';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { evaluate } from '@mnist-wasm/evaluator';
import { createMnistMlp } from '@mnist-wasm/model';
import { parseWholeNumber } from '@mnist-wasm/notebook/whole-number';
import * as tf from '@tensorflow/tfjs-core';
import type { NotebookRunResult } from './notebook-runs';
import { compileStock, stockTensors } from './stock-fit';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    epochs: { type: 'string', default: '5' },
    'batch-size': { type: 'string', default: '32' },
  },
});
const seed = parseWholeNumber('--seed', values.seed, 0);
const epochs = parseWholeNumber('--epochs', values.epochs, 1);
const batchSize = parseWholeNumber('--batch-size', values['batch-size'], 1);

await initWasmBackend({ kernelFixes: false });
const { train, test } = await loadMnist();
const model = createMnistMlp({ seed });
compileStock(model);
const [x, y] = stockTensors(train, model);
const start = performance.now();
await model.fit(x, y, { batchSize, epochs, shuffle: true, verbose: 0 });
const trainMs = performance.now() - start;
tf.dispose([x, y]);
const { loss, accuracy } = await evaluate(model, test, { batchSize: 500 });
const result: NotebookRunResult = {
  trainMs,
  test: { loss, accuracy },
  peakRssMb: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
