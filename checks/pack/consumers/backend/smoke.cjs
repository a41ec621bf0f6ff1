// Same checks for the ESM and the CJS build: SIMD WASM is the backend of the app's tfjs-core.
const assert = require('node:assert/strict');

exports.smoke = async ({ backend, tf }) => {
  const report = await backend.initWasmBackend({ requireSimd: true });
  assert.equal(report.backend, 'wasm');
  assert.equal(report.simd, true);
  assert.equal(report.tfjsVersion, tf.version_core);
  assert.equal(tf.getBackend(), 'wasm', "the package must drive the app's own tfjs-core instance");
  const product = tf.matMul(tf.ones([2, 3]), tf.ones([3, 4]));
  assert.deepEqual(Array.from(product.dataSync()), new Array(8).fill(3));
  assert.ok(backend.kernelFixesRegistered());
};
