// Same checks for the ESM and the CJS build: the notebook's model builds and predicts on WASM.
const assert = require('node:assert/strict');

exports.smoke = async ({ model, backend, tf }) => {
  await backend.initWasmBackend();
  const mlp = model.createMnistMlp({ seed: 42 });
  // Dense 784->128 and 128->10, each with a bias.
  assert.equal(mlp.countParams(), 784 * 128 + 128 + 128 * 10 + 10);
  const before = tf.memory().numTensors;
  const logits = tf.tidy(() => mlp.predict(tf.zeros([2, 28, 28])));
  assert.deepEqual(logits.shape, [2, 10]);
  logits.dispose();
  assert.equal(tf.memory().numTensors, before);
  assert.match(model.summary(mlp), /dense/i);
  assert.throws(() => model.createMnistMlp({ hiddenUnits: -1 }), model.InvalidModelOptionError);
};
