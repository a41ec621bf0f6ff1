const backend = require('@mnist-wasm/backend');
const model = require('@mnist-wasm/model');
const modelNode = require('@mnist-wasm/model/node');
const tf = require('@tensorflow/tfjs-core');
const { smoke } = require('./smoke.cjs');

smoke({ model, modelNode, backend, tf }).catch((error) => {
  console.error(error);
  process.exit(1);
});
