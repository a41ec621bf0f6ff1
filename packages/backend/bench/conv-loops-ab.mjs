// Before/after of the conv loops: the SIMD module of this checkout (src/wat/conv-simd-loops.wat, as
// assembled into its generated file) against the module of an earlier commit, both instantiated on
// one WebAssembly memory, called directly (no engine), taking turns run by run, on the operands of
// one training step of createMnistCnn's defaults on a real MNIST batch (as roofline-convnet.mjs
// makes them). Prints the median ms of each loop for both, and whether their outputs agree to
// the bit. Both modules must have the same exports and arguments.
//   node packages/backend/bench/conv-loops-ab.mjs [commit=HEAD] [runs=200]   # after building
import * as tf from '@tensorflow/tfjs-core';
import { initWasmBackend, maxPoolBackward } from '../dist/index.js';
import { convnetStepOperands } from './convnet-step-operands.mjs';
import { benchMemory, compareLoops, versionsAt } from './take-turns.mjs';

const [commit = 'HEAD', runsArgument = '200'] = process.argv.slice(2);
const runs = Number(runsArgument);
const GENERATED = 'packages/backend/src/wat/conv-simd-loops.generated.ts';

await initWasmBackend();
const n = 32;
// One step's operands, as the plan hands them to the kernels.
const { x1, f1, f2, b1, b2, c1, p1, c2, p2 } = convnetStepOperands(n);
const dC2 = maxPoolBackward(
  tf.randomNormal(p2.output.shape, 0, 0.01, 'float32', 13),
  p2.argmax,
  c2.output.shape,
);
const dP1 = tf.randomNormal(p1.output.shape, 0, 0.01, 'float32', 16);
const dC1 = maxPoolBackward(dP1, p1.argmax, c1.output.shape);

// A memory of our own, both modules on it; operands copied in.
const { memory, region, put } = benchMemory(512);
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
// conv1's backward as training runs it, with pool1's backward in the same call.
const pooled = {
  dp: put(dP1),
  py: put(p1.output),
  argmax: (() => {
    const at = region(p1.argmax.size);
    new Int32Array(memory.buffer, at, p1.argmax.size).set(p1.argmax.dataSync());
    return at;
  })(),
};
const scratch = region(1 << 20);

const versions = versionsAt(GENERATED, commit, memory, () =>
  layers.map((layer) => ({
    y: region(layer.y.size),
    dFilter: region(layer.filter.size),
    db: region(layer.b.size),
    dx: region(layer.x.size),
  })),
);

const loops = [
  ...layers.flatMap((layer, l) => [
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
  ]),
  {
    name: 'conv1 backward with pool1',
    run: (v) =>
      v.exports.backward_pooled(
        layers[0].at.x,
        pooled.dp,
        pooled.py,
        pooled.argmax,
        p1.output.size / n,
        1,
        v.out[0].dFilter,
        v.out[0].db,
        layers[0].at.g,
        scratch,
      ),
    outputs: (v) => [
      [v.out[0].dFilter, layers[0].filter.size],
      [v.out[0].db, layers[0].b.size],
    ],
  },
];

compareLoops({ title: 'conv loops', memory, versions, loops, runs });
