// Same checks for the ESM and the CJS build: a short run on real MNIST digits learns on WASM, and
// so does a small model on examples of one's own (float32 features).
const assert = require('node:assert/strict');

exports.smoke = async ({ trainer, model, dataset, node, backend, tf }) => {
  await backend.initWasmBackend();
  const { train, test } = await node.loadMnist({ trainLimit: 512, testLimit: 200 });
  const mlp = model.createMnistMlp({ seed: 3 });
  const { history, optimizer } = await trainer.train(mlp, train, {
    epochs: 2,
    seed: 3,
    validationData: test,
  });
  optimizer.dispose();
  assert.equal(history.loss.length, 2);
  assert.ok(history.loss[1] < history.loss[0], `loss did not fall: ${history.loss}`);
  // Ten classes: chance is 0.1; two epochs on 512 digits already do far better.
  assert.ok(history.valAccuracy[1] > 0.5, `validation accuracy ${history.valAccuracy[1]}`);
  await assert.rejects(
    trainer.train(mlp, train, { epochs: -1 }),
    (error) => error instanceof trainer.TrainerOptionError && error instanceof trainer.TrainerError,
  );
  mlp.dispose();

  // 64 points of two float features; the class is whether the first one is positive.
  const features = Float32Array.from({ length: 64 * 2 }, (_, i) => Math.sin(7 * i + 1));
  const own = dataset.createExamples({
    features,
    labels: Uint8Array.from({ length: 64 }, (_, i) => (features[2 * i] > 0 ? 1 : 0)),
    shape: [2],
    numClasses: 2,
  });
  const small = model.createMnistMlp({ inputShape: [2], hiddenUnits: 16, numClasses: 2, seed: 5 });
  const run = await trainer.train(small, own, {
    epochs: 10,
    batchSize: 16,
    seed: 5,
    learningRate: 0.02,
  });
  run.optimizer.dispose();
  const losses = run.history.loss;
  assert.ok(losses[losses.length - 1] < losses[0], `loss did not fall: ${losses}`);
  // MNIST digits (784 values each) do not fit a model of two features.
  await assert.rejects(trainer.train(small, train, { epochs: 1 }), dataset.ExamplesError);
  small.dispose();
  assert.equal(tf.getBackend(), 'wasm');
};
