// Before/after of the Dense loops: the SIMD module of this checkout (src/wat/dense-simd-loops.wat,
// as assembled into its generated file) against the module of an earlier commit, both instantiated
// on one WebAssembly memory, called directly (no engine), taking turns run by run, on the operands
// of the convnet's two Dense layers in one training step (createMnistCnn's defaults on a real MNIST
// batch: x the flattened pool2 output [32,256], dense 128 with ReLU and a dropout mask, dense 10),
// and the MLP's first layer (x 32 MNIST images [32,784], dense 128).
// Prints the median ms of each loop for both, and whether their outputs agree to the bit. Both
// modules must have the same exports and arguments.
//   node packages/backend/bench/dense-loops-ab.mjs [commit=HEAD] [runs=300]   # after building
import * as tf from '@tensorflow/tfjs-core';
import { initWasmBackend } from '../dist/index.js';
import { convnetStepOperands, mnistImages } from './convnet-step-operands.mjs';
import { benchMemory, compareLoops, versionsAt } from './take-turns.mjs';

const [commit = 'HEAD', runsArgument = '300'] = process.argv.slice(2);
const runs = Number(runsArgument);
const GENERATED = 'packages/backend/src/wat/dense-simd-loops.generated.ts';

await initWasmBackend();
const rows = 32;
const { p2 } = convnetStepOperands(rows);
const glorot = (k, n, seed) =>
  tf.randomUniform([k, n], -Math.sqrt(6 / (k + n)), Math.sqrt(6 / (k + n)), 'float32', seed);
const x = tf.reshape(p2.output, [rows, 256]);
const w1 = glorot(256, 128, 21);
const b1 = tf.randomUniform([128], -0.05, 0.05, 'float32', 22);
const h = tf.relu(tf.add(tf.matMul(x, w1), b1));
const mask = tf.mul(tf.step(tf.randomUniform([rows, 128], -1, 1, 'float32', 23)), 2);
const hOut = tf.mul(h, mask);
const w2 = glorot(128, 10, 24);
const b2 = tf.randomUniform([10], -0.05, 0.05, 'float32', 25);
// The MLP's first layer on the same images: x [32,784], W [784,128].
const xMlp = tf.tensor2d(mnistImages(rows), [rows, 784]);
const wMlp = glorot(784, 128, 28);
const dLogits = tf.randomNormal([rows, 10], 0, 0.05, 'float32', 26);
const dH = tf.randomNormal([rows, 128], 0, 0.01, 'float32', 27);
// The gradient through ReLU and the mask, as the kernel gradient and input gradient get it.
const dz1 = tf.mul(tf.mul(dH, mask), tf.step(h));

const { memory, region, put } = benchMemory(256);
const at = {
  x: put(x),
  w1: put(w1),
  b1: put(b1),
  y1: put(h),
  mask: put(mask),
  h: put(hOut),
  w2: put(w2),
  b2: put(b2),
  dLogits: put(dLogits),
  dH: put(dH),
  dz1: put(dz1),
  xMlp: put(xMlp),
  wMlp: put(wMlp),
};
const scratch = region(1 << 18);

const versions = versionsAt(GENERATED, commit, memory, () => ({
  y1: region(rows * 128),
  y2: region(rows * 10),
  dz1: region(rows * 128),
  dw1: region(256 * 128),
  db1: region(128),
  dx1: region(rows * 256),
  dw2: region(128 * 10),
  db2: region(10),
  dx2: region(rows * 128),
  yMlp: region(rows * 128),
  dwMlp: region(784 * 128),
}));

const loops = [
  {
    name: 'dense1 forward',
    run: (v) => v.exports.forward(at.x, rows, 256, at.w1, 128, at.b1, v.out.y1, scratch),
    outputs: (v) => [[v.out.y1, rows * 128]],
  },
  {
    name: 'dense1 gate',
    run: (v) => v.exports.gate(at.dH, at.y1, at.mask, rows * 128, 1, v.out.dz1),
    outputs: (v) => [[v.out.dz1, rows * 128]],
  },
  {
    name: 'dense1 kernel gradient',
    run: (v) => v.exports.kernel_gradient(at.x, rows, 256, at.dz1, 128, v.out.dw1, scratch),
    outputs: (v) => [[v.out.dw1, 256 * 128]],
  },
  {
    name: 'dense1 column sums',
    run: (v) => v.exports.column_sums(at.dz1, rows, 128, v.out.db1),
    outputs: (v) => [[v.out.db1, 128]],
  },
  {
    name: 'dense1 input gradient',
    run: (v) =>
      v.exports.input_gradient(at.dz1, rows, 128, at.w1, 256, v.out.dx1, scratch + 8192, scratch),
    outputs: (v) => [[v.out.dx1, rows * 256]],
  },
  {
    name: 'dense2 forward',
    run: (v) => v.exports.forward(at.h, rows, 128, at.w2, 10, at.b2, v.out.y2, scratch),
    outputs: (v) => [[v.out.y2, rows * 10]],
  },
  {
    name: 'dense2 kernel gradient',
    run: (v) => v.exports.kernel_gradient(at.h, rows, 128, at.dLogits, 10, v.out.dw2, scratch),
    outputs: (v) => [[v.out.dw2, 128 * 10]],
  },
  {
    name: 'dense2 input gradient',
    run: (v) =>
      v.exports.input_gradient(
        at.dLogits,
        rows,
        10,
        at.w2,
        128,
        v.out.dx2,
        scratch + 8192,
        scratch,
      ),
    outputs: (v) => [[v.out.dx2, rows * 128]],
  },
  {
    name: 'MLP dense1 forward',
    run: (v) => v.exports.forward(at.xMlp, rows, 784, at.wMlp, 128, at.b1, v.out.yMlp, scratch),
    outputs: (v) => [[v.out.yMlp, rows * 128]],
  },
  {
    name: 'MLP dense1 kernel gradient',
    run: (v) => v.exports.kernel_gradient(at.xMlp, rows, 784, at.dz1, 128, v.out.dwMlp, scratch),
    outputs: (v) => [[v.out.dwMlp, 784 * 128]],
  },
];

compareLoops({ title: 'dense loops', memory, versions, loops, runs });
