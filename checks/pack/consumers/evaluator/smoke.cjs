// Same checks for the ESM and the CJS build: evaluate and predict agree on real MNIST test digits.
const assert = require('node:assert/strict');

exports.smoke = async ({ evaluator, model, node, backend }) => {
  await backend.initWasmBackend();
  const { test } = await node.loadMnist({ trainLimit: 0, testLimit: 50 });
  const mlp = model.createMnistMlp({ seed: 7 });
  const result = await evaluator.evaluate(mlp, test, { batchSize: 16 });
  assert.equal(result.count, 50);
  assert.ok(Number.isFinite(result.loss) && result.loss > 0);
  const predicted = await evaluator.predictClasses(mlp, test);
  assert.equal(predicted.length, 50);
  const hits = predicted.filter((label, i) => label === test.labels[i]).length;
  assert.ok(
    Math.abs(result.accuracy - hits / 50) < 1e-6,
    `accuracy ${result.accuracy} vs ${hits}/50`,
  );
  const matrix = evaluator.confusionMatrix(test.labels, predicted);
  assert.equal(
    matrix.counts.flat().reduce((a, b) => a + b, 0),
    50,
  );
  mlp.dispose();
};
