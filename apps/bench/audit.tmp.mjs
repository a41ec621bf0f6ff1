import { initWasmBackend } from '@mnist-wasm/backend';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

await initWasmBackend();
const cases = {
  conv2d: () => [
    tfl.layers.conv2d({ inputShape: [8, 8, 2], filters: 3, kernelSize: 3, activation: 'relu' }),
  ],
  conv2dSameStride: () => [
    tfl.layers.conv2d({
      inputShape: [8, 8, 2],
      filters: 3,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
    }),
  ],
  depthwise: () => [tfl.layers.depthwiseConv2d({ inputShape: [8, 8, 2], kernelSize: 3 })],
  separable: () => [
    tfl.layers.separableConv2d({ inputShape: [8, 8, 2], filters: 3, kernelSize: 3 }),
  ],
  maxPool: () => [
    tfl.layers.conv2d({ inputShape: [8, 8, 2], filters: 3, kernelSize: 3 }),
    tfl.layers.maxPooling2d({ poolSize: 2 }),
  ],
  avgPool: () => [
    tfl.layers.conv2d({ inputShape: [8, 8, 2], filters: 3, kernelSize: 3 }),
    tfl.layers.averagePooling2d({ poolSize: 2 }),
  ],
  batchNorm: () => [
    tfl.layers.conv2d({ inputShape: [8, 8, 2], filters: 3, kernelSize: 3 }),
    tfl.layers.batchNormalization(),
  ],
  dense: () => [
    tfl.layers.flatten({ inputShape: [8, 8, 2] }),
    tfl.layers.dense({ units: 4 }),
    tfl.layers.dropout({ rate: 0.3 }),
    tfl.layers.reshape({ targetShape: [2, 2, 1] }),
  ],
};
for (const [name, make] of Object.entries(cases)) {
  const model = tfl.sequential({
    layers: [...make(), tfl.layers.flatten(), tfl.layers.dense({ units: 3 })],
  });
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  try {
    await model.fit(tf.randomNormal([4, 8, 8, 2]), tf.randomNormal([4, 3]), {
      epochs: 1,
      verbose: 0,
    });
    console.log(name, 'ok');
  } catch (e) {
    console.log(name, 'FAIL', e.message.slice(0, 120));
  }
}
