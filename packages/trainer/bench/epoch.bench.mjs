// Times ms/step of stock tfjs-layers `model.fit` against `train()` on the WASM backend, in one
// process: the same data, model and batch size; median over several windows of `--steps` steps.
//
//   npx -y pnpm@12.4.2 --filter @mnist-wasm/trainer build
//   node packages/trainer/bench/epoch.bench.mjs [--steps=200] [--windows=5] [--only=fit|train]
//   node packages/trainer/bench/epoch.bench.mjs --stock-kernels   # without @mnist-wasm/backend's matMul fixes
//   node --cpu-prof --cpu-prof-dir=/tmp/prof packages/trainer/bench/epoch.bench.mjs --only=train
import { parseArgs } from 'node:util';
import { initWasmBackend } from '@mnist-wasm/backend';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { createMnistMlp } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import { train } from '../dist/index.js';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '200' },
    windows: { type: 'string', default: '5' },
    only: { type: 'string' },
    'stock-kernels': { type: 'boolean', default: false },
  },
});
const steps = Number(args.steps);
const windows = Number(args.windows);
const batchSize = 32;

const backendName = await useWasmBackend();
const { train: trainSplit } = await loadMnist();
const examples = steps * batchSize;
const chunks = Math.floor(trainSplit.count / examples);
/** The w-th window's training examples, as a view of the training split. */
const windowSplit = (w) => {
  const start = (w % chunks) * examples;
  const pixels = trainSplit.rows * trainSplit.cols;
  return {
    ...trainSplit,
    images: trainSplit.images.subarray(start * pixels, (start + examples) * pixels),
    labels: trainSplit.labels.subarray(start, start + examples),
    count: examples,
  };
};

console.log(
  `backend ${backendName}, batch ${batchSize}, median of ${windows} windows of ${steps} steps after 1 warm-up window`,
);
const results = {};
if (args.only !== 'train') results['model.fit'] = await timeWindows(fitWindow);
if (args.only !== 'fit') results['train()'] = await timeWindows(trainWindow());
for (const [name, ms] of Object.entries(results)) {
  console.log(
    `${name.padEnd(10)} ${ms.toFixed(3)} ms/step  (${((ms * 1875) / 1000).toFixed(2)} s per 60,000-image epoch)`,
  );
}
if (results['model.fit'] && results['train()']) {
  console.log(`speed-up ${(results['model.fit'] / results['train()']).toFixed(2)}x`);
}

async function timeWindows(runWindow) {
  await runWindow(0);
  const perStep = [];
  for (let w = 1; w <= windows; w++) {
    const start = performance.now();
    await runWindow(w);
    perStep.push((performance.now() - start) / steps);
  }
  perStep.sort((a, b) => a - b);
  return perStep[Math.floor(perStep.length / 2)];
}

async function fitWindow(w) {
  const model = fitWindow.model ?? createMnistMlp({ seed: 1 });
  if (!fitWindow.model) {
    model.compile({
      optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-7),
      // tfjs-layers' compile only takes sparse targets with its own (probability) loss, so stock fit
      // gets one-hot targets and TF.js's softmax cross-entropy from logits: the same loss value.
      loss: (targets, logits) => tf.losses.softmaxCrossEntropy(targets, logits),
      metrics: ['accuracy'],
    });
    fitWindow.model = model;
  }
  const split = windowSplit(w);
  // Stock fit takes whole float tensors, as the notebook's x_train / 255.0 does.
  const [x, y] = tf.tidy(() => [
    tf.div(tf.tensor(split.images, [split.count, split.rows, split.cols], 'float32'), 255),
    tf.cast(tf.oneHot(tf.tensor1d(split.labels, 'int32'), 10), 'float32'),
  ]);
  const start = performance.now();
  await model.fit(x, y, { batchSize, epochs: 1, shuffle: true, verbose: 0 });
  const elapsed = performance.now() - start;
  tf.dispose([x, y]);
  return elapsed;
}

function trainWindow() {
  const model = createMnistMlp({ seed: 1 });
  let optimizer;
  return async (w) => {
    const result = await train(model, windowSplit(w), { epochs: 1, seed: w, optimizer });
    optimizer = result.optimizer;
  };
}

async function useWasmBackend() {
  const report = await initWasmBackend({ kernelFixes: !args['stock-kernels'] });
  return `${report.backend} (simd ${report.simd}, threads ${report.threads}, ${args['stock-kernels'] ? 'stock kernels' : 'kernel fixes'})`;
}
