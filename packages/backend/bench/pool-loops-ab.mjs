// Before/after of the max-pool loops: the SIMD module of this checkout
// (src/wat/pool-simd-loops.wat, as assembled into its generated file) against an earlier commit's,
// both instantiated on one WebAssembly memory and called directly (no engine), taking turns run by
// run on relu(normal) inputs of the convnet's two pools (2x2, stride 2) and an odd shape. Prints
// the median ms of each, forward and backward, and whether their outputs, argmax and input
// gradients agree to the bit.
//   node packages/backend/bench/pool-loops-ab.mjs [commit=HEAD] [runs=300]   # after building
import * as tf from '@tensorflow/tfjs-core';
import { initWasmBackend } from '../dist/index.js';
import { moduleBytesAt } from './module-at-commit.mjs';
import { resultLine, sameBits, timeTakingTurns } from './take-turns.mjs';

const [commit = 'HEAD', runsArgument = '300'] = process.argv.slice(2);
const runs = Number(runsArgument);
const GENERATED = 'packages/backend/src/wat/pool-simd-loops.generated.ts';
await initWasmBackend();
const memory = new WebAssembly.Memory({ initial: 512 });
const modules = [moduleBytesAt(GENERATED, commit), moduleBytesAt(GENERATED, 'work')].map(
  (bytes) => new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports,
);
const heap = new Float32Array(memory.buffer);
const POOL_COLUMNS = { width: 24, digits: 4 };
console.log(`pool loops, median ms of ${runs} runs each, taking turns: ${commit} vs working tree`);
const timeBoth = (run) => timeTakingTurns(modules, run, runs, 30);
for (const [n, h, w, c] of [
  [32, 24, 24, 8],
  [32, 8, 8, 16],
  [3, 9, 9, 5],
]) {
  const size = n * h * w * c;
  const x = 4096;
  heap.set(tf.relu(tf.randomNormal([size], 0, 1, 'float32', 5)).dataSync(), x / 4);
  const outputs = n * (Math.floor((h - 2) / 2) + 1) * (Math.floor((w - 2) / 2) + 1) * c;
  const at = [0, 1].map((i) => ({
    y: x + (size + 1024) * 4 * (1 + 2 * i),
    argmax: x + (size + 1024) * 4 * (2 + 2 * i),
  }));
  const [before, after] = timeBoth((module, i) =>
    module.forward(x, n, h, w, c, 2, 2, at[i].y, at[i].argmax),
  );
  const same = ['y', 'argmax'].every((name) => sameBits(memory, at[0][name], at[1][name], outputs));
  console.log(resultLine(`forward  [${[n, h, w, c]}]`, [before, after], same, POOL_COLUMNS));
  // The backward of the same pool: dy normal, the argmax of the forward above.
  const dy = at[1].y;
  heap.set(tf.randomNormal([outputs], 0, 1, 'float32', 6).dataSync(), dy / 4);
  const dx = [0, 1].map((i) => x + (size + 1024) * 4 * (5 + i));
  const [backBefore, backAfter] = timeBoth((module, i) =>
    module.backward(dy, at[0].argmax, n, outputs / n, size / n, dx[i]),
  );
  const sameBack = sameBits(memory, dx[0], dx[1], size);
  console.log(
    resultLine(`backward [${[n, h, w, c]}]`, [backBefore, backAfter], sameBack, POOL_COLUMNS),
  );
}
