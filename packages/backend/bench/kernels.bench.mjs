// Times the stock tfjs-backend-wasm kernels against this package's fixes, side by side in one
// process, on the shapes of one MNIST training step (Dense 784->128 relu, Dropout, Dense 128->10,
// batch 32, Adam). Run after building: node packages/backend/bench/kernels.bench.mjs [runs]
import * as tf from '@tensorflow/tfjs-core';
import { initWasmBackend, registerKernelFixes, unregisterKernelFixes } from '../dist/index.js';

const RUNS = Number(process.argv[2] ?? 200);
const WARMUP = 20;

const report = await initWasmBackend();
console.log(
  `tfjs ${report.tfjsVersion}, wasm simd=${report.simd} threads=${report.threads}, median of ${RUNS} runs\n`,
);

/**
 * Median milliseconds of `run(prepared)`; `prepare` makes fresh inputs outside the timing, since
 * in training every operand (weights included) is a new tensor each step, and XNNPACK re-packs
 * new weights.
 */
function median(prepare, run) {
  const times = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const inputs = prepare();
    const start = performance.now();
    const out = run(inputs);
    (Array.isArray(out) ? out[0] : out).dataSync();
    const elapsed = performance.now() - start;
    if (i >= WARMUP) times.push(elapsed);
    tf.dispose([out, inputs]);
  }
  times.sort((x, y) => x - y);
  return times[times.length >> 1];
}

function stockVsFixed(prepare, run) {
  unregisterKernelFixes();
  const stock = median(prepare, run);
  registerKernelFixes();
  const fixed = median(prepare, run);
  return { stock, fixed };
}

const fresh =
  (...shapes) =>
  () =>
    shapes.map((s) => tf.randomNormal(s));
const fmt = (ms) => `${ms.toFixed(3).padStart(8)} ms`;
const row = (name, { stock, fixed }) =>
  console.log(
    `${name.padEnd(52)} ${fmt(stock)} ${fmt(fixed)} ${(stock / fixed).toFixed(2).padStart(7)}x`,
  );

console.log(
  `${'matMul kernels'.padEnd(52)} ${'stock'.padStart(11)} ${'fixed'.padStart(11)} speed-up`,
);
const matMuls = [
  ['fwd  x·W1      [32,784]·[784,128]', [32, 784], [784, 128], false, false],
  ['dW1  xᵀ·dy     [32,784]ᵀ·[32,128]  (transposeA)', [32, 784], [32, 128], true, false],
  ['dx   dy·W1ᵀ    [32,128]·[784,128]ᵀ (transposeB)', [32, 128], [784, 128], false, true],
  ['dW2  hᵀ·dy     [32,128]ᵀ·[32,10]   (transposeA)', [32, 128], [32, 10], true, false],
  ['dh   dy·W2ᵀ    [32,10]·[128,10]ᵀ   (transposeB)', [32, 10], [128, 10], false, true],
  ['both           [784,32]ᵀ·[128,784]ᵀ (tA+tB)', [784, 32], [128, 784], true, true],
];
for (const [name, sa, sb, ta, tb] of matMuls) {
  row(
    name,
    stockVsFixed(fresh(sa, sb), ([a, b]) => tf.matMul(a, b, ta, tb)),
  );
}
row(
  'fused fwd h·W2+b [32,128]·[128,10]',
  stockVsFixed(fresh([32, 128], [128, 10], [10]), ([a, b, bias]) =>
    tf.fused.matMul({ a, b, bias }),
  ),
);
row(
  'fused xᵀ·W+b relu [784,32]ᵀ·[784,128] (transposeA)',
  stockVsFixed(fresh([784, 32], [784, 128], [128]), ([a, b, bias]) =>
    tf.fused.matMul({ a, b, bias, transposeA: true, activation: 'relu' }),
  ),
);

// One training step written with tfjs-core ops and hand-derived gradients: the same kernels that
// tfjs-layers runs (tfjs-core's gradient registry is not loadable from its Node bundle).
const w1 = tf.variable(tf.randomNormal([784, 128], 0, 0.05));
const b1 = tf.variable(tf.zeros([128]));
const w2 = tf.variable(tf.randomNormal([128, 10], 0, 0.1));
const b2 = tf.variable(tf.zeros([10]));
const optimizer = tf.train.adam(0.001, 0.9, 0.999, 1e-7);
const xs = tf.randomUniform([32, 784]);
const ys = tf.oneHot(tf.randomUniform([32], 0, 10, 'int32'), 10);
const trainStep = () =>
  tf.tidy(() => {
    const z1 = tf.add(tf.matMul(xs, w1), b1);
    const keep = tf.div(tf.cast(tf.greaterEqual(tf.randomUniform([32, 128]), 0.2), 'float32'), 0.8);
    const h = tf.mul(tf.relu(z1), keep);
    const logits = tf.fused.matMul({ a: h, b: w2, bias: b2 });
    const loss = tf.losses.softmaxCrossEntropy(ys, logits);
    const dLogits = tf.div(tf.sub(tf.softmax(logits), ys), 32);
    const dH = tf.matMul(dLogits, w2, false, true);
    const dZ1 = tf.mul(tf.mul(dH, keep), tf.step(z1));
    optimizer.applyGradients({
      [w1.name]: tf.matMul(xs, dZ1, true, false),
      [b1.name]: tf.sum(dZ1, 0),
      [w2.name]: tf.matMul(h, dLogits, true, false),
      [b2.name]: tf.sum(dLogits, 0),
    });
    return loss;
  });
console.log();
row(
  'training step (forward, backprop, Adam), batch 32',
  stockVsFixed(() => [], trainStep),
);

// Per-kernel profile of the fixed step: where the remaining time goes.
const totals = new Map();
const PROFILE_STEPS = 30;
for (let i = 0; i < PROFILE_STEPS; i++) {
  const info = await tf.profile(() => tf.dispose(trainStep()));
  for (const k of info.kernels) {
    const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
    totals.set(key, [...(totals.get(key) ?? []), k.kernelTimeMs]);
  }
}
console.log('\nkernels of the fixed training step (median ms per step, top 15)');
const perStep = [...totals].map(([key, times]) => {
  const sorted = [...times].sort((x, y) => x - y);
  return [key, (sorted[sorted.length >> 1] * times.length) / PROFILE_STEPS];
});
perStep.sort((x, y) => y[1] - x[1]);
for (const [key, ms] of perStep.slice(0, 15)) console.log(`${fmt(ms)}  ${key}`);
