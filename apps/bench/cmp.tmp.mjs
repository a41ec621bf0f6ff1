import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { initWasmBackend } from '@mnist-wasm/backend';

await initWasmBackend();
function run(backend, f) {
  tf.setBackend(backend);
  return tf.tidy(() => f().arraySync());
}
let worst = 0;
for (let t = 0; t < 40; t++) {
  const r = (a, b) => a + Math.floor(Math.random() * (b - a + 1));
  const B = r(1, 3),
    H = r(3, 12),
    W = r(3, 12),
    C = r(1, 5),
    F = r(1, 4),
    fh = r(1, Math.min(4, H)),
    fw = r(1, Math.min(4, W));
  const s = [r(1, 3), r(1, 3)],
    pad = Math.random() < 0.5 ? 'same' : 'valid';
  const xv = Array.from({ length: B * H * W * C }, () => Math.random() - 0.5),
    wv = Array.from({ length: fh * fw * C * F }, () => Math.random() - 0.5);
  const grads = (be) => {
    tf.setBackend(be);
    return tf.tidy(() => {
      const x = tf.tensor4d(xv, [B, H, W, C]),
        w = tf.tensor4d(wv, [fh, fw, C, F]);
      const g = tf.grads((x, w) => {
        const y = tf.conv2d(x, w, s, pad);
        return tf.sum(tf.mul(y, tf.reshape(tf.sin(tf.range(0, y.size)), y.shape)));
      });
      return g([x, w]).map((t) => t.dataSync().slice());
    });
  };
  const a = grads('cpu'),
    b = grads('wasm');
  for (let i = 0; i < 2; i++) {
    let m = 0,
      n = 0;
    a[i].forEach((v, j) => {
      m = Math.max(m, Math.abs(v - b[i][j]));
      n = Math.max(n, Math.abs(v));
    });
    worst = Math.max(worst, m / n);
    if (m / n > 1e-5) console.log('BAD', i, { B, H, W, C, F, fh, fw, s, pad }, m, n);
  }
}
console.log('worst rel', worst, tf.memory().numTensors);
