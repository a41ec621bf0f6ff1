#!/usr/bin/env node
// Trains a model in Node exactly as the page's worker does (same packages, same trainer options,
// the same validation data) and prints, as JSON on stdout, what the trainer reported after every
// batch: `{ batches: [{ epoch, step, msPerStep }], trainMs, history, backend }`. The web check
// runs it beside the tab to compare the two step times on the same build.
// Usage: node e2e/train-in-node.mjs <mlp|cnn> <epochs> <trainLimit> <seed> <batchSize>
import { initWasmBackend } from '@mnist-wasm/backend';
import { sliceExamples } from '@mnist-wasm/dataset';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { createMnistCnn, createMnistMlp } from '@mnist-wasm/model';
import { train } from '@mnist-wasm/trainer';

/** The validation images the page passes: its `VALIDATION_EXAMPLES` (src/protocol.ts). */
const VALIDATION_EXAMPLES = 2000;

const [kind, epochs, trainLimit, seed, batchSize] = process.argv.slice(2);
if (
  !['mlp', 'cnn'].includes(kind) ||
  [epochs, trainLimit, seed, batchSize].some((v) => !(+v >= 0))
) {
  console.error(
    'usage: node e2e/train-in-node.mjs <mlp|cnn> <epochs> <trainLimit> <seed> <batchSize>',
  );
  process.exit(2);
}
const backend = await initWasmBackend();
const data = await loadMnist({ trainLimit: Number(trainLimit) });
const model = kind === 'cnn' ? createMnistCnn({ seed: +seed }) : createMnistMlp({ seed: +seed });
const batches = [];
const start = performance.now();
const { history, optimizer } = await train(model, data.train, {
  epochs: +epochs,
  batchSize: +batchSize,
  seed: +seed,
  validationData: sliceExamples(data.test, 0, VALIDATION_EXAMPLES),
  callbacks: {
    onBatchEnd: ({ epoch, step, msPerStep }) => {
      batches.push({ epoch, step, msPerStep });
    },
  },
});
const trainMs = performance.now() - start;
optimizer.dispose();
model.dispose();
process.stdout.write(`${JSON.stringify({ batches, trainMs, history, backend })}\n`);
