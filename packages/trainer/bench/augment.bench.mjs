// Times data augmentation against a training step, side by side in one process: `createAugmenter`
// (the `augmentBatch` that `train` runs) on a batch of 32 MNIST images, then `train()` of the
// notebook MLP on 'wasm' without and with `augment: {}`, in alternating windows of the same steps.
// The figures in the README come from here. Run after building:
//   node packages/trainer/bench/augment.bench.mjs [windows] [steps per window]
import { initWasmBackend } from '@mnist-wasm/backend';
import { gatherFeatures, range, sliceExamples } from '@mnist-wasm/dataset';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { createMnistMlp } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import { createAugmenter, train } from '../dist/index.js';

const WINDOWS = Number(process.argv[2] ?? 7);
const STEPS = Number(process.argv[3] ?? 300);
const BATCH = 32;

const report = await initWasmBackend();
const { train: trainSplit } = await loadMnist();
console.log(
  `tfjs ${report.tfjsVersion}, wasm simd=${report.simd} threads=${report.threads}, node ${process.version}\n`,
);

const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[sorted.length >> 1];
};

// --- augmentBatch alone: 32 images of 28x28, restored from a copy outside the timing.
const original = gatherFeatures(trainSplit, range(0, BATCH));
const batch = new Float32Array(original.length);
function timeAugmenter(label, augment, runs) {
  const run = createAugmenter({ height: 28, width: 28, augment, seed: 1 });
  const times = [];
  for (let i = 0; i < runs + 50; i++) {
    batch.set(original);
    const start = performance.now();
    run(batch, BATCH);
    const elapsed = performance.now() - start;
    if (i >= 50) times.push(elapsed * 1000);
  }
  const us = median(times);
  console.log(
    `${label.padEnd(44)} ${us.toFixed(1).padStart(8)} µs/batch ${(us / BATCH).toFixed(2).padStart(6)} µs/image`,
  );
  return us;
}
console.log(`augmentBatch, batch of ${BATCH} 28x28 images (median):`);
const affine = timeAugmenter('augment: {} (rotation, scale, shift)', {}, 3000);
timeAugmenter('augment: { shear: 10 }', { shear: 10 }, 3000);
timeAugmenter('augment: { elastic: {} } (alpha 34, sigma 4)', { elastic: {} }, 300);

// --- train(): the notebook MLP, same data slice and seeds, alternating windows.
const data = sliceExamples(trainSplit, 0, STEPS * BATCH);
const models = { plain: createMnistMlp({ seed: 1 }), augmented: createMnistMlp({ seed: 1 }) };
const optimizers = {};
const msPerStep = { plain: [], augmented: [] };
async function window(kind, seed, record) {
  const start = performance.now();
  const { optimizer } = await train(models[kind], data, {
    epochs: 1,
    seed,
    yieldEveryMs: Number.POSITIVE_INFINITY,
    ...(optimizers[kind] && { optimizer: optimizers[kind] }),
    ...(kind === 'augmented' && { augment: {} }),
  });
  optimizers[kind] = optimizer;
  if (record) msPerStep[kind].push((performance.now() - start) / STEPS);
}
await window('plain', 0, false);
await window('augmented', 0, false);
for (let w = 1; w <= WINDOWS; w++) {
  // Alternate which goes first, so drift of the machine's load hits both alike.
  const order = w % 2 ? ['plain', 'augmented'] : ['augmented', 'plain'];
  for (const kind of order) await window(kind, w, true);
}
const plain = median(msPerStep.plain);
const augmented = median(msPerStep.augmented);
console.log(
  `\ntrain() notebook MLP on wasm, batch ${BATCH}, median of ${WINDOWS} alternating windows of ${STEPS} steps after a warm-up:`,
);
console.log(`without augment      ${plain.toFixed(3)} ms/step`);
console.log(
  `with augment: {}     ${augmented.toFixed(3)} ms/step  (+${(((augmented - plain) / plain) * 100).toFixed(1)}%)`,
);
console.log(
  `augmentBatch alone   ${(affine / 1000).toFixed(3)} ms/batch = ${((affine / 1000 / plain) * 100).toFixed(1)}% of a plain step`,
);
for (const kind of Object.keys(models)) {
  models[kind].dispose();
  optimizers[kind]?.dispose();
}
console.log(`tensors left: ${tf.memory().numTensors}`);
