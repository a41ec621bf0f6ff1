const backend = require('@mnist-wasm/backend');
const tf = require('@tensorflow/tfjs-core');
const { smoke } = require('./smoke.cjs');

smoke({ backend, tf }).catch((error) => {
  console.error(error);
  process.exit(1);
});
