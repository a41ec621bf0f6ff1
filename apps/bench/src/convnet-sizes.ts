// How the convnet's defaults were chosen: trains each candidate size of createMnistCnn for the
// notebook's 5 epochs (batch 32, Adam 0.001) on all of MNIST, once per seed, and prints the test
// accuracy of each, so the smallest that holds >= 0.99 on every seed can be read off.
//   node apps/bench/dist/convnet-sizes.js [--seeds=1,2,3] [--epochs=5] [--json]
// A run is a full training (about a minute and a half each here): 9 runs by default.
import { parseArgs } from 'node:util';
import { initWasmBackend } from '@mnist-wasm/backend';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { evaluate } from '@mnist-wasm/evaluator';
import { createMnistCnn, type MnistCnnOptions } from '@mnist-wasm/model';
import { parseWholeNumber, wholeNumbers } from '@mnist-wasm/notebook/whole-number';
import { train } from '@mnist-wasm/trainer';

/** The sizes tried, smallest first: filters per block and the dropout before the logits. */
const CANDIDATES: MnistCnnOptions[] = [
  { filters: [8, 16], dropoutRate: 0.25 },
  { filters: [8, 16], dropoutRate: 0.5 },
  { filters: [10, 20], dropoutRate: 0.25 },
];

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    seeds: { type: 'string', default: '1,2,3' },
    epochs: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
});
const seeds = wholeNumbers('--seeds', 0, 2 ** 32 - 1)(values.seeds, []);
const epochs = parseWholeNumber('--epochs', values.epochs, 1);
const log = (text: string) => process.stderr.write(`${text}\n`);

await initWasmBackend();
const { train: trainSplit, test } = await loadMnist();
const rows = [];
for (const candidate of CANDIDATES) {
  const accuracies: number[] = [];
  let params = 0;
  for (const seed of seeds) {
    const model = createMnistCnn({ ...candidate, seed });
    params = model.countParams();
    const start = performance.now();
    const { optimizer } = await train(model, trainSplit, { epochs, seed });
    const seconds = (performance.now() - start) / 1000;
    const { accuracy } = await evaluate(model, test);
    optimizer.dispose();
    model.dispose();
    accuracies.push(accuracy);
    log(
      `${JSON.stringify(candidate)} seed ${seed}: test accuracy ${accuracy.toFixed(4)} (${seconds.toFixed(0)} s)`,
    );
  }
  rows.push({ ...candidate, params, seeds, accuracies, min: Math.min(...accuracies) });
}
if (values.json) {
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
} else {
  process.stdout.write(
    `filters   dropout  params  ${seeds.map((s) => `seed ${s}`.padStart(7)).join(' ')}     min\n`,
  );
  for (const row of rows) {
    const accuracies = row.accuracies.map((a) => a.toFixed(4).padStart(7)).join(' ');
    process.stdout.write(
      `${String(row.filters).padEnd(9)} ${String(row.dropoutRate).padStart(7)} ${String(row.params).padStart(7)}  ${accuracies}  ${row.min.toFixed(4)}\n`,
    );
  }
}
