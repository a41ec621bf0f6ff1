import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { initWasmBackend } from '@mnist-wasm/backend';
await initWasmBackend();
function time(name, f, n = 50) {
  for (let i = 0; i < 5; i++) tf.dispose(f());
  const ts = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); const r = f(); tf.dispose(r); ts.push(performance.now() - t); }
  ts.sort((a, b) => a - b); console.log(name.padEnd(40), ts[n >> 1].toFixed(3), 'ms');
}
const x1 = tf.randomNormal([32, 24, 24, 8]), y1 = tf.maxPool(x1, 2, 2, 'valid'), dy1 = tf.randomNormal(y1.shape);
const x2 = tf.randomNormal([32, 8, 8, 16]), y2 = tf.maxPool(x2, 2, 2, 'valid'), dy2 = tf.randomNormal(y2.shape);
const mpg = (dy, x, y) => tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: y }, { filterSize: 2, strides: 2, pad: 'valid' });
time('MaxPoolGrad [32,24,24,8]', () => mpg(dy1, x1, y1));
time('MaxPoolGrad [32,8,8,16]', () => mpg(dy2, x2, y2));
const xc = tf.randomNormal([32, 12, 12, 8]), w = tf.randomNormal([5, 5, 8, 16]), dyc = tf.randomNormal([32, 8, 8, 16]);
const xi = tf.randomNormal([32, 28, 28, 1]), dyi = tf.randomNormal([32, 24, 24, 8]);
time('Conv2DBackpropInput conv2', () => tf.engine().runKernel('Conv2DBackpropInput', { dy: dyc, filter: w }, { strides: 1, pad: 'valid', inputShape: [32, 12, 12, 8], dataFormat: 'NHWC' }));
time('Conv2DBackpropFilter conv2', () => tf.engine().runKernel('Conv2DBackpropFilter', { x: xc, dy: dyc }, { strides: 1, pad: 'valid', filterShape: [5, 5, 8, 16], dataFormat: 'NHWC' }));
time('Conv2DBackpropFilter conv1', () => tf.engine().runKernel('Conv2DBackpropFilter', { x: xi, dy: dyi }, { strides: 1, pad: 'valid', filterShape: [5, 5, 1, 8], dataFormat: 'NHWC' }));
time('Conv2D conv1', () => tf.conv2d(xi, tf.randomNormal([5,5,1,8]), 1, 'valid'));
time('Conv2D conv2', () => tf.conv2d(xc, w, 1, 'valid'));
time('Sum conv1 bias grad', () => tf.sum(dyi, [0, 1, 2]));
