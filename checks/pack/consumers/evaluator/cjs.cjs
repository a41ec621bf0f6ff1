const backend = require('@mnist-wasm/backend');
const dataset = require('@mnist-wasm/dataset');
const node = require('@mnist-wasm/dataset/node');
const evaluator = require('@mnist-wasm/evaluator');
const model = require('@mnist-wasm/model');
const { smoke } = require('./smoke.cjs');

smoke({ evaluator, model, dataset, node, backend }).catch((error) => {
  console.error(error);
  process.exit(1);
});
