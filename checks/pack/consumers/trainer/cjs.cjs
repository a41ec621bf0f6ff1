const backend = require('@mnist-wasm/backend');
const dataset = require('@mnist-wasm/dataset');
const node = require('@mnist-wasm/dataset/node');
const model = require('@mnist-wasm/model');
const trainer = require('@mnist-wasm/trainer');
const tf = require('@tensorflow/tfjs-core');
const { smoke } = require('./smoke.cjs');

smoke({ trainer, model, dataset, node, backend, tf }).catch((error) => {
  console.error(error);
  process.exit(1);
});
