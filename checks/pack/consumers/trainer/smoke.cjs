// Same checks for the ESM and the CJS build: a short run on real MNIST digits learns on WASM.
const assert = require('node:assert/strict');

exports.smoke = async ({ trainer, model, node, backend, tf }) => {
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
  await assert.rejects(trainer.train(mlp, train, { epochs: -1 }), trainer.TrainOptionError);
  mlp.dispose();
  assert.equal(tf.getBackend(), 'wasm');
};
