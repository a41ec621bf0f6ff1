// A Conv2D layer followed by a MaxPooling2D, backward, through the engine as the plan calls it:
// maxPoolBackward then conv2dBackward (two kernel calls, the gradient of the convolution's output
// a tensor between them) against one conv2dBackward with the pool (the pool's backward inside
// the call), taking turns run by run, on one training step's operands of createMnistCnn's defaults
// on a real MNIST batch. Prints the median ms of each and whether their gradients agree to the bit.
//   node packages/backend/bench/conv-pool-backward.bench.mjs [runs=300]   # after building
import * as tf from '@tensorflow/tfjs-core';
import { conv2dBackward, initWasmBackend, maxPoolBackward } from '../dist/index.js';
import { convnetStepOperands } from './convnet-step-operands.mjs';

const runs = Number(process.argv[2] ?? '300');

await initWasmBackend();
const n = 32;
const { x1, f1, f2, c1, p1, c2, p2 } = convnetStepOperands(n);
const layers = [
  { name: 'conv1 + pool1', x: x1, filter: f1, y: c1.output, pool: p1, dx: false, seed: 16 },
  { name: 'conv2 + pool2', x: p1.output, filter: f2, y: c2.output, pool: p2, dx: true, seed: 13 },
];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const bits = (ts) => ts.flatMap((t) => Array.from(new Uint32Array(t.dataSync().slice().buffer)));
console.log(`conv + pool backward, median ms of ${runs} runs each, taking turns`);
for (const layer of layers) {
  const dp = tf.randomNormal(layer.pool.output.shape, 0, 0.01, 'float32', layer.seed);
  const options = { activation: 'relu', bias: true, inputGradient: layer.dx };
  const contenders = [
    () => {
      const dy = maxPoolBackward(dp, layer.pool.argmax, layer.y.shape);
      const grads = conv2dBackward(layer.x, layer.filter, layer.y, dy, options);
      dy.dispose();
      return grads;
    },
    () =>
      conv2dBackward(layer.x, layer.filter, layer.y, dp, {
        ...options,
        pool: layer.pool,
      }),
  ];
  const times = contenders.map(() => []);
  const last = [];
  for (let run = 0; run < runs + 30; run++) {
    contenders.forEach((run_, i) => {
      const start = performance.now();
      const grads = run_();
      const took = performance.now() - start;
      if (run >= 30) times[i].push(took);
      const tensors = [grads.dFilter, grads.dBias, grads.dx, grads.finiteCheck].filter(Boolean);
      if (run === runs + 29) last[i] = bits(tensors);
      tf.dispose(tensors);
    });
  }
  const same = last[0].length === last[1].length && last[0].every((b, i) => b === last[1][i]);
  const [apart, fused] = times.map(median);
  console.log(
    `${layer.name.padEnd(16)} apart ${apart.toFixed(3)}  fused ${fused.toFixed(3)}  ${(apart / fused).toFixed(2)}x  ${same ? 'same bits' : 'DIFFERENT'}`,
  );
  dp.dispose();
}
