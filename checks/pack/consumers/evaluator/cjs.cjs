const backend = require('@mnist-wasm/backend');
const node = require('@mnist-wasm/dataset/node');
const evaluator = require('@mnist-wasm/evaluator');
const model = require('@mnist-wasm/model');
const { smoke } = require('./smoke.cjs');

smoke({ evaluator, model, node, backend }).catch((error) => {
  console.error(error);
  process.exit(1);
});
