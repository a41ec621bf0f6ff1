import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { initWasmBackend } from '@mnist-wasm/backend';
await initWasmBackend();
function time(name, prep, f, n = 200) {
  const ts = [];
  for (let i = 0; i < n + 20; i++) { const inp = prep(); const t = performance.now(); const r = f(inp); r.dataSync(); if (i >= 20) ts.push(performance.now() - t); tf.dispose([r, inp]); }
  ts.sort((a, b) => a - b); console.log(name.padEnd(50), ts[n >> 1].toFixed(3), 'ms');
}
const fresh = (...shapes) => () => shapes.map((s) => tf.randomNormal(s));
time('transpose x [32,28,28,1]->[1,28,28,32]', fresh([32,28,28,1]), ([x]) => tf.transpose(x, [3,1,2,0]));
time('transpose dy [32,24,24,8]->[24,24,32,8]', fresh([32,24,24,8]), ([d]) => tf.transpose(d, [1,2,0,3]));
time('conv2d [1,28,28,32] * [24,24,32,8]', fresh([1,28,28,32],[24,24,32,8]), ([x, w]) => tf.conv2d(x, w, 1, 'valid'));
time('matmul [25,18432]x[18432,8]', fresh([25,18432],[18432,8]), ([a, b]) => tf.matMul(a, b));
time('matmul [8,18432]x[18432,25]', fresh([8,18432],[18432,25]), ([a, b]) => tf.matMul(a, b));
time('conv2 dW conv [8,12,12,32]*[8,8,32,16]', fresh([8,12,12,32],[8,8,32,16]), ([x, w]) => tf.conv2d(x, w, 1, 'valid'));
time('sum bias [32,24,24,8]', fresh([32,24,24,8]), ([d]) => tf.sum(d, [0,1,2]));
time('conv1 fwd [32,28,28,1]*[5,5,1,8]', fresh([32,28,28,1],[5,5,1,8]), ([x, w]) => tf.conv2d(x, w, 1, 'valid'));
time('conv2 fwd [32,12,12,8]*[5,5,8,16]', fresh([32,12,12,8],[5,5,8,16]), ([x, w]) => tf.conv2d(x, w, 1, 'valid'));
time('dx conv [32,8,8,16]*[5,5,16,8] pad4', fresh([32,8,8,16],[5,5,16,8]), ([x, w]) => tf.conv2d(x, w, 1, 4));
