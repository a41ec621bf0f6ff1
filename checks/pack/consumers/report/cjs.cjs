const report = require('@mnist-wasm/report');
const node = require('@mnist-wasm/report/node');
const { smoke } = require('./smoke.cjs');

smoke({ report, node }).catch((error) => {
  console.error(error);
  process.exit(1);
});
