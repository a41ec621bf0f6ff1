const backend = require('@mnist-wasm/backend');
const node = require('@mnist-wasm/dataset/node');
const pipeline = require('@mnist-wasm/pipeline');
const pipelineNode = require('@mnist-wasm/pipeline/node');
const { smoke } = require('./smoke.cjs');

smoke({ pipeline, pipelineNode, node, backend }).catch((error) => {
  console.error(error);
  process.exit(1);
});
