// One child of step-ab.mjs: trains `model` for `steps` steps per epoch with the packages built under
// `root` (a checkout's root, whose packages/*/dist are loaded), one untimed epoch then `epochs`
// timed ones, and prints the median ms per step as JSON: wall time, and the process's CPU time
// (user + system), which other processes on a busy machine disturb less, and the 10th percentile
// of the wall time over 10-step stretches, the least disturbed.
//   node packages/trainer/bench/step-time.mjs <root> [cnn|mlp] [steps=300] [epochs=5]
const [root, model = 'cnn', stepsArgument = '300', epochsArgument = '5'] = process.argv.slice(2);
const steps = Number(stepsArgument);
const epochs = Number(epochsArgument);
const load = (name) => import(`${root}/packages/${name}/dist/index.js`);
const { initWasmBackend } = await load('backend');
const { createMnistCnn, createMnistMlp } = await load('model');
const { train } = await load('trainer');
const { loadMnist } = await import(`${root}/packages/dataset/dist/node.js`);

await initWasmBackend();
const batchSize = 32;
const { train: split } = await loadMnist({ trainLimit: steps * batchSize, testLimit: 1 });
const net = model === 'cnn' ? createMnistCnn({ seed: 1 }) : createMnistMlp({ seed: 1 });
const warm = await train(net, split, { epochs: 1, seed: 1, batchSize });
const wall = [];
const cpu = [];
// Per 10 steps: the fastest tenth of them is what the step costs when the machine is not busy.
const chunks = [];
let chunkStart = 0;
const onBatchEnd = ({ step }) => {
  const now = performance.now();
  if (step % 10 === 0) chunkStart = now;
  else if (step % 10 === 9) chunks.push((now - chunkStart) / 9);
};
for (let e = 0; e < epochs; e++) {
  const start = performance.now();
  const startCpu = process.cpuUsage();
  const callbacks = { onBatchEnd };
  await train(net, split, { epochs: 1, seed: 1, batchSize, optimizer: warm.optimizer, callbacks });
  const used = process.cpuUsage(startCpu);
  wall.push((performance.now() - start) / steps);
  cpu.push((used.user + used.system) / 1000 / steps);
}
const quantile = (values, q) => values.sort((a, b) => a - b)[Math.floor(values.length * q)];
console.log(
  JSON.stringify({
    msPerStep: quantile(wall, 0.5),
    cpuMsPerStep: quantile(cpu, 0.5),
    fastTenthMsPerStep: quantile(chunks, 0.1),
  }),
);
