// Where a training step's time goes: runs `train()` for a number of steps of the MLP or the convnet
// on 'wasm' under tf.profile and prints each kernel's time per step (by kernel and input shapes),
// the kernels' total and the wall time per step; the difference is engine and host work.
//   node apps/bench/dist/profile-steps.js [--model=cnn|mlp] [--steps=200] [--seed=1]
import { parseArgs } from 'node:util';
import { initWasmBackend } from '@mnist-wasm/backend';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { parseWholeNumber } from '@mnist-wasm/notebook/whole-number';
import { train } from '@mnist-wasm/trainer';
import * as tf from '@tensorflow/tfjs-core';
import { MODELS, type ModelKind } from './contenders';
import { median } from './stats';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    model: { type: 'string', default: 'cnn' },
    steps: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
  },
});
if (!(values.model in MODELS)) {
  throw new RangeError(`--model is ${values.model}; use ${Object.keys(MODELS).join(' or ')}.`);
}
const kind = values.model as ModelKind;
const steps = parseWholeNumber('--steps', values.steps, 1);
const seed = parseWholeNumber('--seed', values.seed, 0);
const batchSize = 32;

await initWasmBackend();
const { train: trainSplit } = await loadMnist({ trainLimit: steps * batchSize, testLimit: 1 });
const model = MODELS[kind](seed);
// One untimed epoch first, so that the timed ones run warm (compiled code, grown heap); then one
// timed without the profiler, whose bookkeeping slows each kernel call, and one profiled.
const warm = await train(model, trainSplit, { epochs: 1, seed, batchSize });
const epoch = () =>
  train(model, trainSplit, { epochs: 1, seed, batchSize, optimizer: warm.optimizer });
const start = performance.now();
await epoch();
const wallMs = (performance.now() - start) / steps;
const profile = await tf.profile(async () => {
  await epoch();
});
warm.optimizer.dispose();
model.dispose();

const byKernel = new Map<string, number[]>();
for (const kernel of profile.kernels) {
  const shapes = kernel.inputShapes.map((shape) => `[${shape}]`);
  // AdamUpdate takes 4 tensors per variable: its first 4 shapes say enough.
  const key = `${kernel.name} ${shapes.slice(0, 4).join(' ')}${shapes.length > 4 ? ' ...' : ''}`;
  byKernel.set(key, [...(byKernel.get(key) ?? []), kernel.kernelTimeMs as number]);
}
const rows = [...byKernel].map(([key, times]) => ({
  key,
  perStep: (median(times) * times.length) / steps,
  calls: times.length / steps,
}));
rows.sort((a, b) => b.perStep - a.perStep);
const kernelMs = rows.reduce((sum, row) => sum + row.perStep, 0);
console.log(`${kind}, ${steps} steps of batch ${batchSize}: ms per step (median call x calls)`);
for (const row of rows.slice(0, 25)) {
  console.log(
    `${row.perStep.toFixed(3).padStart(7)} ms  ${row.calls.toFixed(1).padStart(4)}x  ${row.key}`,
  );
}
console.log(`${kernelMs.toFixed(2).padStart(7)} ms  all ${rows.length} kernels`);
console.log(`${wallMs.toFixed(2).padStart(7)} ms  wall time per step, not profiled`);
