// Same checks for the ESM and the CJS build: the notebook's model builds and predicts on WASM,
// and /node saves it to a folder and loads it back.
const assert = require('node:assert/strict');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

exports.smoke = async ({ model, modelNode, backend, tf }) => {
  await backend.initWasmBackend();
  const mlp = model.createMnistMlp({ seed: 42 });
  // Dense 784->128 and 128->10, each with a bias.
  assert.equal(mlp.countParams(), 784 * 128 + 128 + 128 * 10 + 10);
  assert.deepEqual(model.classifierSignature(mlp, 'smoke'), {
    inputShape: [28, 28],
    numClasses: 10,
  });
  const before = tf.memory().numTensors;
  const logits = tf.tidy(() => mlp.predict(tf.zeros([2, 28, 28])));
  assert.deepEqual(logits.shape, [2, 10]);
  logits.dispose();
  assert.equal(tf.memory().numTensors, before);
  assert.match(model.summary(mlp), /dense/i);
  assert.throws(
    () => model.createMnistMlp({ hiddenUnits: -1 }),
    (error) => error instanceof model.ModelOptionError && error instanceof model.ModelError,
  );
  // Flat examples: no Flatten layer, the same parameters.
  const flat = model.createMnistMlp({ inputShape: [784], seed: 42 });
  assert.deepEqual(model.classifierSignature(flat, 'smoke').inputShape, [784]);
  assert.equal(flat.countParams(), mlp.countParams());
  flat.dispose();

  const dir = mkdtempSync(join(tmpdir(), 'mnist-wasm-model-'));
  try {
    await modelNode.saveModel(mlp, dir);
    const loaded = await modelNode.loadModel(dir);
    const input = tf.randomUniform([3, 28, 28], 0, 1, 'float32', 5);
    const [a, b] = [mlp, loaded].map((m) => m.predict(input));
    assert.deepEqual(Array.from(b.dataSync()), Array.from(a.dataSync()));
    tf.dispose([input, a, b]);
    loaded.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  mlp.dispose();
};
