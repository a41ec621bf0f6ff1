// Times the max-pooling kernels of the convnet's training step (MaxPooling2D 2x2 after each
// conv + ReLU: x [32,24,24,8] and [32,8,8,16]) side by side in one process, medians:
// - forward: stock tf.maxPool (tfjs-backend-wasm's XNNPACK kernel) against maxPoolForward (this
//   package's PoolForward, which also saves the argmax);
// - backward: the MaxPoolGrad kernel, stock (tfjs-backend-wasm's) and this package's fix (both
//   search the windows of x again), against maxPoolBackward (PoolBackward, from the argmax).
// Inputs are relu(normal) (half zeros, as after the conv's ReLU), fresh each run. Run after
// building:  node packages/backend/bench/pool.bench.mjs [runs]   (default 200)
import * as tf from '@tensorflow/tfjs-core';
import {
  initWasmBackend,
  maxPoolBackward,
  maxPoolForward,
  registerKernelFixes,
  unregisterKernelFixes,
} from '../dist/index.js';

const RUNS = Number(process.argv[2] ?? 200);
const WARMUP = 300;

const report = await initWasmBackend();
console.log(
  `tfjs ${report.tfjsVersion}, wasm simd=${report.simd} threads=${report.threads}, median of ${RUNS} runs\n`,
);

/**
 * Median ms of each contender's `run(prepare())`, the contenders taking turns run by run (so that
 * load from other processes falls on all alike); inputs are made, and everything disposed, outside
 * the timing. The 'wasm' kernels run synchronously: each has finished when its op returns, so no
 * output is read (copying one out of the heap would be timed too). A contender's `setup()` (if any) runs before each of its runs, untimed.
 */
function medians(contenders) {
  const times = contenders.map(() => []);
  for (let i = 0; i < WARMUP + RUNS; i++) {
    contenders.forEach(({ setup, prepare, run }, which) => {
      setup?.();
      const inputs = prepare();
      const start = performance.now();
      const out = run(inputs);
      const elapsed = performance.now() - start;
      if (i >= WARMUP) times[which].push(elapsed);
      tf.dispose([out, inputs]);
    });
  }
  return times.map((list) => list.sort((a, b) => a - b)[list.length >> 1]);
}

const fmt = (ms) => `${ms.toFixed(3).padStart(8)} ms`;
const attrs = { filterSize: [2, 2], strides: [2, 2], pad: 'valid' };

console.log(
  `${'kernel'.padEnd(40)} ${'stock'.padStart(11)} ${'fix'.padStart(11)} ${'ours'.padStart(11)} ours vs best`,
);
for (const shape of [
  [32, 24, 24, 8],
  [32, 8, 8, 16],
]) {
  const [n, h, w, c] = shape;
  const outShape = [n, h >> 1, w >> 1, c];
  const x = () => tf.tidy(() => tf.relu(tf.randomNormal(shape)));

  const [forwardStock, forwardOurs] = medians([
    { prepare: () => [x()], run: ([input]) => tf.maxPool(input, 2, 2, 'valid') },
    {
      prepare: () => [x()],
      run: ([input]) => {
        const { output, argmax } = maxPoolForward(input);
        return [output, argmax];
      },
    },
  ]);
  console.log(
    `${`forward  [${shape}]`.padEnd(40)} ${fmt(forwardStock)} ${''.padStart(11)} ${fmt(forwardOurs)} ${(forwardStock / forwardOurs).toFixed(2).padStart(7)}x`,
  );

  const gradientInputs = () => {
    const input = x();
    const output = tf.maxPool(input, 2, 2, 'valid');
    return [input, output, tf.randomNormal(outShape)];
  };
  const maxPoolGrad = ([input, output, dy]) =>
    tf.engine().runKernel('MaxPoolGrad', { dy, input, output }, attrs);
  const [backwardStock, backwardFix, backwardOurs] = medians([
    { setup: unregisterKernelFixes, prepare: gradientInputs, run: maxPoolGrad },
    { setup: registerKernelFixes, prepare: gradientInputs, run: maxPoolGrad },
    {
      prepare: () => {
        const input = x();
        const { output, argmax } = maxPoolForward(input);
        tf.dispose([input, output]);
        return [argmax, tf.randomNormal(outShape)];
      },
      run: ([argmax, dy]) => maxPoolBackward(dy, argmax, shape),
    },
  ]);
  const best = Math.min(backwardStock, backwardFix);
  console.log(
    `${`backward [${shape}]`.padEnd(40)} ${fmt(backwardStock)} ${fmt(backwardFix)} ${fmt(backwardOurs)} ${(best / backwardOurs).toFixed(2).padStart(7)}x`,
  );
}
