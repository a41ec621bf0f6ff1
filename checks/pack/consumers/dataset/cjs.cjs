const dataset = require('@mnist-wasm/dataset');
const node = require('@mnist-wasm/dataset/node');
const { smoke } = require('./smoke.cjs');

smoke({ dataset, node }).catch((error) => {
  console.error(error);
  process.exit(1);
});
