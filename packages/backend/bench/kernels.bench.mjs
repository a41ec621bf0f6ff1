// Times the stock tfjs-backend-wasm kernels against this package's fixes, side by side in one
// process, on the shapes of one MNIST training step (Dense 784->128 relu, Dropout, Dense 128->10,
// batch 32, Adam); then the costs the matMul fixes are tuned on (packing vs transposing weights)
// and the fused Adam update against tf.train.adam; it ends with the roofline of roofline.mjs. The
// figures quoted in the README come from here. Run after building:
// node packages/backend/bench/kernels.bench.mjs [runs]
import * as tf from '@tensorflow/tfjs-core';
import {
  initWasmBackend,
  registerKernelFixes,
  unregisterKernelFixes,
  useSimdModules,
} from '../dist/index.js';
import { kerasAdamStep } from './keras-adam.mjs';
import { roofline } from './roofline.mjs';

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

// What src/kernels/matmul-orientation.ts weighs: XNNPACK packing fresh weights against a
// transpose of the same size. Each run multiplies fresh x·W1 twice with the stock kernels: the
// first product packs W1, the second finds it packed; packing is the difference.
function packing() {
  const first = [];
  const second = [];
  const differences = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const [a, b] = fresh([32, 784], [784, 128])();
    const start = performance.now();
    const packed = tf.matMul(a, b);
    packed.dataSync();
    const middle = performance.now();
    const cached = tf.matMul(a, b);
    cached.dataSync();
    const end = performance.now();
    if (i >= WARMUP) {
      first.push(middle - start);
      second.push(end - middle);
      differences.push(middle - start - (end - middle));
    }
    tf.dispose([a, b, packed, cached]);
  }
  const mid = (times) => times.sort((x, y) => x - y)[times.length >> 1];
  return { first: mid(first), second: mid(second), pack: mid(differences) };
}
unregisterKernelFixes();
const { first, second, pack } = packing();
const transpose = median(fresh([784, 128]), ([w]) => tf.transpose(w));
registerKernelFixes();
const label = (name, value) => console.log(`${name.padEnd(52)} ${value}`);
console.log('\nweights W1 [784,128]: packing vs transposing (stock kernels)');
label('x·W1 [32,784]·[784,128], fresh W1 (packs it)', fmt(first));
label('x·W1 again, W1 already packed', fmt(second));
label('packing W1 (median difference)', fmt(pack));
label('transposing a fresh [784,128]', fmt(transpose));
label('pack / transpose per element', (pack / transpose).toFixed(1).padStart(11));

// Adam on the MLP's four variables: tf.train.adam's kernels against one AdamUpdate call, and that
// kernel's SIMD loop against its JavaScript loop (the fallback where WebAssembly SIMD is missing).
const adamShapes = [[784, 128], [128], [128, 10], [10]];
const adamWeights = adamShapes.reduce((sum, shape) => sum + tf.util.sizeFromShape(shape), 0);
const adamVariables = adamShapes.map((shape) => tf.variable(tf.randomNormal(shape)));
const adamReference = tf.train.adam(0.001, 0.9, 0.999, 1e-7);
const stockAdam = (gradients) => {
  adamReference.applyGradients(
    adamVariables.map((v, i) => ({ name: v.name, tensor: gradients[i] })),
  );
  return adamVariables[0].clone();
};
const fusedAdam = (inputs) => {
  const n = adamVariables.length;
  return kerasAdamStep({
    weights: adamVariables,
    gradients: inputs.slice(0, n),
    firstMoments: inputs.slice(n, 2 * n),
    secondMoments: inputs.slice(2 * n, 3 * n),
  });
};
const adamInputs = fresh(...adamShapes, ...adamShapes, ...adamShapes);
/** Runs `fn` with the SIMD modules off: the AdamUpdate kernel runs its JavaScript twin. */
function withoutSimdLoop(fn) {
  useSimdModules(false);
  try {
    return fn();
  } finally {
    useSimdModules(true);
  }
}
// Kernels of one tf.train.adam step, counted after the first step has created its moments.
const adamGradients = fresh(...adamShapes)();
const adamNamed = adamVariables.map((v, i) => ({ name: v.name, tensor: adamGradients[i] }));
adamReference.applyGradients(adamNamed);
const stockAdamKernels = (await tf.profile(() => adamReference.applyGradients(adamNamed))).kernels
  .length;
tf.dispose(adamGradients);
const stockAdamMs = median(fresh(...adamShapes), stockAdam);
const fusedAdamMs = median(adamInputs, fusedAdam);
const jsLoopAdamMs = withoutSimdLoop(() => median(adamInputs, fusedAdam));
const perWeight = (ms) => `${((ms * 1e6) / adamWeights).toFixed(1).padStart(6)} ns/weight`;
console.log(`\nAdam step, 4 variables, ${adamWeights} weights`);
label(
  `tf.train.adam (${stockAdamKernels} kernels)`,
  `${fmt(stockAdamMs)} ${perWeight(stockAdamMs)}`,
);
label('adamUpdate (1 kernel), SIMD loop', `${fmt(fusedAdamMs)} ${perWeight(fusedAdamMs)}`);
label('adamUpdate (1 kernel), JavaScript loop', `${fmt(jsLoopAdamMs)} ${perWeight(jsLoopAdamMs)}`);
tf.dispose(adamVariables);
adamReference.dispose();

// The gradient kernels of one createMnistCnn training step (batch 32; conv 5x5 8 on 28x28x1, pool 2,
// conv 5x5 16, pool 2): the stock kernels against the fixes, then Conv2DBackpropFilter, which stock
// tfjs-backend-wasm does not have, with the arithmetic rate it reaches.
const runKernel = (name, inputs, attrs) => tf.engine().runKernel(name, inputs, attrs);
const convAttrs = { strides: 1, pad: 'valid', dataFormat: 'NHWC' };
console.log(
  `\n${'convnet gradient kernels, batch 32'.padEnd(52)} ${'stock'.padStart(11)} ${'fixed'.padStart(11)} speed-up`,
);
row(
  'Conv2DBackpropInput conv2 dy[32,8,8,16] W[5,5,8,16]',
  stockVsFixed(fresh([32, 8, 8, 16], [5, 5, 8, 16]), ([dy, filter]) =>
    runKernel('Conv2DBackpropInput', { dy, filter }, { ...convAttrs, inputShape: [32, 12, 12, 8] }),
  ),
);
for (const [name, shape] of [
  ['MaxPoolGrad pool1 x[32,24,24,8] 2x2', [32, 24, 24, 8]],
  ['MaxPoolGrad pool2 x[32,8,8,16] 2x2', [32, 8, 8, 16]],
]) {
  const prepare = () => {
    // After a ReLU: a third of the values are 0, so many windows hold ties.
    const input = tf.relu(tf.randomNormal(shape, -0.5));
    const output = tf.maxPool(input, 2, 2, 'valid');
    return [input, output, tf.randomNormal(output.shape)];
  };
  row(
    name,
    stockVsFixed(prepare, ([input, output, dy]) =>
      runKernel('MaxPoolGrad', { dy, input, output }, { filterSize: 2, strides: 2, pad: 'valid' }),
    ),
  );
}
for (const [name, xShape, dyShape, filterShape] of [
  [
    'Conv2DBackpropFilter conv1 x[32,28,28,1] -> [5,5,1,8]',
    [32, 28, 28, 1],
    [32, 24, 24, 8],
    [5, 5, 1, 8],
  ],
  [
    'Conv2DBackpropFilter conv2 x[32,12,12,8] -> [5,5,8,16]',
    [32, 12, 12, 8],
    [32, 8, 8, 16],
    [5, 5, 8, 16],
  ],
]) {
  const ms = median(fresh(xShape, dyShape), ([x, dy]) =>
    runKernel('Conv2DBackpropFilter', { x, dy }, { ...convAttrs, filterShape }),
  );
  const flops = 2 * tf.util.sizeFromShape(dyShape) * tf.util.sizeFromShape(filterShape.slice(0, 3));
  label(name, `${fmt(ms)} ${(flops / ms / 1e6).toFixed(1).padStart(6)} GFLOP/s`);
}

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

// Roofline: the main kernels' arithmetic rate against the machine's WebAssembly SIMD peak, the
// old XNNPACK path beside the Dense kernels on a real MNIST batch, and AdamUpdate's memory traffic
// (bench/roofline.mjs, which also runs on its own).
console.log();
await roofline({ runs: RUNS, warmup: WARMUP });
