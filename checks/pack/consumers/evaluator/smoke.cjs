// Same checks for the ESM and the CJS build: evaluate and predict agree on real MNIST test digits,
// and on examples of one's own (float32 features) with a small model.
const assert = require('node:assert/strict');

exports.smoke = async ({ evaluator, model, dataset, node, backend }) => {
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

  // Six examples of four float features each, three classes, and a model of that shape.
  const own = dataset.createExamples({
    features: Float32Array.from({ length: 6 * 4 }, (_, i) => Math.sin(i)),
    labels: Uint8Array.of(0, 1, 2, 0, 1, 2),
    shape: [4],
    numClasses: 3,
  });
  const small = model.createMnistMlp({ inputShape: [4], hiddenUnits: 8, numClasses: 3, seed: 1 });
  const probabilities = await evaluator.predictProbabilities(small, own);
  assert.equal(probabilities.length, 6 * 3);
  for (let i = 0; i < 6; i++) {
    const sum = probabilities.subarray(3 * i, 3 * i + 3).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-5, `probabilities of example ${i} sum to ${sum}`);
  }
  const classes = evaluator.argMaxRows(probabilities, 3);
  assert.deepEqual(Array.from(classes), Array.from(await evaluator.predictClasses(small, own)));
  const ownResult = await evaluator.evaluate(small, own);
  assert.equal(ownResult.count, 6);
  const ownHits = classes.filter((label, i) => label === own.labels[i]).length;
  assert.ok(Math.abs(ownResult.accuracy - ownHits / 6) < 1e-6);
  // MNIST digits (784 values each) do not fit a model of four features.
  await assert.rejects(evaluator.predictProbabilities(small, test), dataset.ExamplesError);
  await assert.rejects(
    evaluator.evaluate(small, own, { batchSize: 0 }),
    evaluator.EvaluatorOptionError,
  );
  small.dispose();
};
