import { initWasmBackend } from '@mnist-wasm/backend';
import { sliceExamples } from '@mnist-wasm/dataset';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { evaluate } from '@mnist-wasm/evaluator';
import { train } from '@mnist-wasm/trainer';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

await initWasmBackend();

import { profileKernels } from './prof.tmp.mjs';

const report = process.env.PROF ? profileKernels() : null;
const [f1, f2, dense, ks, epochs, limit, seed, drop] = process.argv.slice(2).map(Number);
const { train: tr, test } = await loadMnist();
const sub = limit ? sliceExamples(tr, 0, limit) : tr;

import { createMnistCnn } from '@mnist-wasm/model';

const model = createMnistCnn({
  filters: [f1, f2],
  denseUnits: dense,
  kernelSize: ks,
  dropoutRate: drop || 0.25,
  seed,
});
const t0 = performance.now();
let steps = 0;
const { history } = await train(model, sub, {
  epochs,
  seed,
  callbacks: {
    onBatchEnd: () => {
      steps++;
    },
    onEpochEnd: (e) =>
      console.error('epoch', e, ((performance.now() - t0) / 1000).toFixed(1) + 's'),
  },
});
const ms = (performance.now() - t0) / steps;
if (report) console.log(report(steps));
const r = await evaluate(model, test);
console.log(
  JSON.stringify({
    f1,
    f2,
    dense,
    ks,
    seed,
    params: model.countParams(),
    msPerStep: +ms.toFixed(2),
    loss: history.loss?.map((v) => +v.toFixed(4)),
    testAcc: r.accuracy,
    testLoss: +r.loss.toFixed(4),
  }),
);
