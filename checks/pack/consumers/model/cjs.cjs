const backend = require('@mnist-wasm/backend');
const model = require('@mnist-wasm/model');
const tf = require('@tensorflow/tfjs-core');
const { smoke } = require('./smoke.cjs');

smoke({ model, backend, tf }).catch((error) => {
  console.error(error);
  process.exit(1);
});
