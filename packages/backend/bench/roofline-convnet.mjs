// The convnet's kernels in the roofline (roofline.mjs calls convnetRoofline): one training step of
// createMnistCnn's defaults on a real MNIST batch, layer by layer, as the plan runs them:
//   conv1 x [32,28,28,1] * [5,5,1,8] + b, relu -> pool1 2x2 -> conv2 [32,12,12,8] * [5,5,8,16] + b,
//   relu -> pool2 2x2 -> [32,4,4,16]
// and back: pool2's gradient from a random dOutput, conv2's gradients (filter, bias, input),
// pool1's, conv1's (filter, bias; the first layer needs no input gradient). Each operand is what
// the step would hand the kernel: conv2 reads pool1's real output, the conv gradients read the
// pool gradients (one value in four nonzero at most). Weights are glorot-uniform, seeded.
//
// The convolutions count GFLOP/s dense-equivalent (2 x n x oh x ow x kh x kw x c x f per product,
// what a dense convolution of the same shapes does; their loops skip zeros, so this can exceed
// the peak), against the SIMD peak; the pools, which do no arithmetic, count GB/s (the bytes they
// must read and write).
import * as tf from '@tensorflow/tfjs-core';
import { conv2dBackward, conv2dForward, maxPoolBackward, maxPoolForward } from '../dist/index.js';

/** Glorot-uniform filter [kh, kw, c, f], as Keras initializes a Conv2D kernel. */
const glorotFilter = (shape, seed) => {
  const [kh, kw, c, f] = shape;
  const limit = Math.sqrt(6 / (kh * kw * c + kh * kw * f));
  return tf.randomUniform(shape, -limit, limit, 'float32', seed);
};

/**
 * What the pool rows return first, for roofline()'s timer to read: a scalar. The 'wasm' kernels
 * run synchronously, so a pool has finished when its op returns; the pools have no small output,
 * and copying a whole one out of the heap (or slicing it) would be timed too.
 */
const finished = () => tf.zeros([]);

const density = (t) => {
  const values = t.dataSync();
  let nonzeros = 0;
  for (const v of values) if (v !== 0) nonzeros++;
  return nonzeros / values.length;
};

/**
 * Measures the convnet's kernels on `images` (float32 [32, 784], x / 255) and prints a row each
 * with `out`. `median(prepare, run, warmupCalls)` is roofline()'s timer.
 *
 * @returns `{ densities, rows }`: the nonzero fractions of the operands the loops skip zeros of,
 *   and per kernel its ms and either GFLOP/s dense-equivalent and % of peak, or GB/s.
 */
export function convnetRoofline({ images, median, warmup, peakGflops, out }) {
  const [n] = images.shape;
  const x = tf.reshape(images, [n, 28, 28, 1]);
  const f1 = glorotFilter([5, 5, 1, 8], 11);
  const f2 = glorotFilter([5, 5, 8, 16], 12);
  const b1 = tf.zeros([8]);
  const b2 = tf.zeros([16]);
  // The forward pass once, for the operands of each kernel.
  const c1 = conv2dForward(x, f1, { bias: b1, activation: 'relu' });
  const p1 = maxPoolForward(c1.output);
  const c2 = conv2dForward(p1.output, f2, { bias: b2, activation: 'relu' });
  const p2 = maxPoolForward(c2.output);
  const dP2 = tf.randomNormal(p2.output.shape, 0, 0.01, 'float32', 13);
  const dC2 = maxPoolBackward(dP2, p2.argmax, c2.output.shape);
  const g2 = conv2dBackward(p1.output, f2, c2.output, dC2, {
    activation: 'relu',
    bias: true,
    inputGradient: true,
  });
  const dC1 = maxPoolBackward(g2.dx, p1.argmax, c1.output.shape);
  const densities = {
    x: density(x),
    conv1Output: density(c1.output),
    pool1Output: density(p1.output),
    conv2Output: density(c2.output),
    conv2DOutput: density(dC2),
    conv1DOutput: density(dC1),
  };
  const pct = (fraction) => `${(100 * fraction).toFixed(1)}%`;
  out(
    `Convnet kernels, one step of createMnistCnn on the same batch: nonzero x ${pct(densities.x)}, ` +
      `pool1 out ${pct(densities.pool1Output)}, conv2 dOutput ${pct(densities.conv2DOutput)}, ` +
      `conv1 dOutput ${pct(densities.conv1DOutput)}`,
  );
  const flops = (input, filter, output) => {
    const [, oh, ow] = output.shape;
    const [kh, kw, c, f] = filter.shape;
    return 2 * input.shape[0] * oh * ow * kh * kw * c * f;
  };
  const conv1Flops = flops(x, f1, c1.output);
  const conv2Flops = flops(p1.output, f2, c2.output);
  const bytes = (...tensors) => tensors.reduce((sum, t) => sum + 4 * t.size, 0);
  const clones =
    (...tensors) =>
    () =>
      tensors.map((t) => t.clone());
  const rows = [
    {
      name: 'conv2dForward conv1 [32,28,28,1]*[5,5,1,8] relu',
      flops: conv1Flops,
      prepare: clones(x, f1, b1),
      run: ([xs, filter, bias]) => {
        const r = conv2dForward(xs, filter, { bias, activation: 'relu' });
        return [r.finiteCheck, r.output];
      },
    },
    {
      name: 'conv2dBackward conv1 dFilter, dBias',
      flops: conv1Flops,
      prepare: clones(x, f1, c1.output, dC1),
      run: ([xs, filter, output, dy]) => {
        const g = conv2dBackward(xs, filter, output, dy, { activation: 'relu', bias: true });
        return [g.finiteCheck, g.dFilter, g.dBias];
      },
    },
    {
      name: 'maxPoolForward pool1 [32,24,24,8]',
      bytes: bytes(c1.output, p1.output, p1.argmax),
      prepare: clones(c1.output),
      run: ([input]) => {
        const r = maxPoolForward(input);
        return [finished(), r.output, r.argmax];
      },
    },
    {
      name: 'maxPoolBackward pool1',
      bytes: bytes(g2.dx, p1.argmax, c1.output),
      prepare: clones(g2.dx, p1.argmax),
      run: ([dy, argmax]) => {
        const dx = maxPoolBackward(dy, argmax, c1.output.shape);
        return [finished(), dx];
      },
    },
    {
      name: 'conv2dForward conv2 [32,12,12,8]*[5,5,8,16] relu',
      flops: conv2Flops,
      prepare: clones(p1.output, f2, b2),
      run: ([xs, filter, bias]) => {
        const r = conv2dForward(xs, filter, { bias, activation: 'relu' });
        return [r.finiteCheck, r.output];
      },
    },
    {
      name: 'conv2dBackward conv2 dFilter, dBias, dx',
      flops: 2 * conv2Flops,
      prepare: clones(p1.output, f2, c2.output, dC2),
      run: ([xs, filter, output, dy]) => {
        const g = conv2dBackward(xs, filter, output, dy, {
          activation: 'relu',
          bias: true,
          inputGradient: true,
        });
        return [g.finiteCheck, g.dFilter, g.dBias, g.dx];
      },
    },
    {
      name: 'maxPoolForward pool2 [32,8,8,16]',
      bytes: bytes(c2.output, p2.output, p2.argmax),
      prepare: clones(c2.output),
      run: ([input]) => {
        const r = maxPoolForward(input);
        return [finished(), r.output, r.argmax];
      },
    },
    {
      name: 'maxPoolBackward pool2',
      bytes: bytes(dP2, p2.argmax, c2.output),
      prepare: clones(dP2, p2.argmax),
      run: ([dy, argmax]) => {
        const dx = maxPoolBackward(dy, argmax, c2.output.shape);
        return [finished(), dx];
      },
    },
  ];
  out(
    `${'GFLOP/s dense-equivalent (pools: GB/s)'.padEnd(52)} ${'time'.padStart(11)}${'dense-eq'.padStart(16)}${'peak'.padStart(6)}`,
  );
  const results = [];
  let totalMs = 0;
  for (const { name, flops: rowFlops, bytes: rowBytes, prepare, run } of rows) {
    const ms = median(prepare, run, warmup);
    totalMs += ms;
    const row = { name, ms };
    if (rowFlops !== undefined) {
      row.flopsDense = rowFlops;
      row.gflopsDense = rowFlops / ms / 1e6;
      row.percentOfPeakDense = (100 * row.gflopsDense) / peakGflops;
      out(
        `${name.padEnd(52)} ${ms.toFixed(3).padStart(8)} ms ${row.gflopsDense.toFixed(1).padStart(6)} GFLOP/s ${row.percentOfPeakDense.toFixed(0).padStart(4)}%`,
      );
    } else {
      row.bytes = rowBytes;
      row.gbPerSecond = rowBytes / ms / 1e6;
      out(
        `${name.padEnd(52)} ${ms.toFixed(3).padStart(8)} ms ${row.gbPerSecond.toFixed(1).padStart(6)} GB/s`,
      );
    }
    results.push(row);
  }
  out(`${'convnet kernels, total'.padEnd(52)} ${totalMs.toFixed(3).padStart(8)} ms`);
  tf.dispose(
    [x, f1, f2, b1, b2, c1, p1, c2, p2, dP2, dC2, g2, dC1].flatMap((t) =>
      t instanceof tf.Tensor ? [t] : Object.values(t),
    ),
  );
  return { densities, rows: results, totalMs };
}
