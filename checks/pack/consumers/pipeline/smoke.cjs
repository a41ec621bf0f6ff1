// Same checks for the ESM and the CJS build: the notebook's cells on a few real MNIST digits, on
// WASM, each returning plain data; and the /node entry's save.
const assert = require('node:assert/strict');
const { mkdtempSync, rmSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

exports.smoke = async ({ pipeline, pipelineNode, node, backend }) => {
  await backend.initWasmBackend();
  const { train, test } = await node.loadMnist({ trainLimit: 512, testLimit: 100 });
  const data = pipeline.describeData(train, test, { samples: 2 });
  assert.deepEqual(data.train, {
    count: 512,
    shape: [28, 28],
    featuresType: 'uint8',
    labelsType: 'uint8',
  });
  const { model, summary } = pipeline.buildModel('mlp', { seed: 3 });
  assert.match(summary, /Total params: 101,770/);
  assert.equal(pipeline.untrainedCells(model, train).logits.length, 10);
  const batches = [];
  const fit = await pipeline.fitModel(model, train, { epochs: 2, seed: 3 }, (event) => {
    if (event.type === 'batch') batches.push(event);
  });
  assert.equal(batches.length, 2 * 16);
  assert.ok(fit.history.loss[1] < fit.history.loss[0], `loss did not fall: ${fit.history.loss}`);
  const result = await pipeline.evaluateModel(model, test);
  assert.equal(result.count, 100);
  assert.equal(result.keras, null);
  const matrix = await pipeline.confusion(model, test);
  assert.ok(Math.abs(matrix.accuracy - result.accuracy) < 1e-9);
  assert.equal((await pipeline.probabilities(model, test, 5)).length, 5);
  const mistakes = await pipeline.mostConfidentMistakes(model, test, 3);
  assert.equal(mistakes.total, Math.round(100 * (1 - result.accuracy)));
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-consumer-'));
  try {
    const saved = await pipelineNode.saveTrainedModel(model, join(dir, 'model'));
    assert.equal(statSync(join(dir, 'model', 'weights.bin')).size, saved.weightBytes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  model.dispose();
};
