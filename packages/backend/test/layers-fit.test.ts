import '@tensorflow/tfjs-backend-cpu';
import { prng } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's ops only get gradients once they are registered (the @tensorflow/tfjs bundle does it).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend, TRAINING_KERNEL_NAMES } from '../src/index';

// A tfjs-layers convnet of every layer type trained on the wasm backend with the training kernels.
describe('tfjs-layers model.fit on wasm', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  /**
   * A tiny separable dataset: 10 x 10 x 2 noisy images whose class (of 3) is which third of the
   * image, left, middle or right, is bright.
   */
  function dataset(count: number, seed: number) {
    const random = prng(seed);
    const images = new Float32Array(count * 10 * 10 * 2);
    const labels = new Float32Array(count * 3);
    for (let n = 0; n < count; n++) {
      const label = n % 3;
      labels[n * 3 + label] = 1;
      for (let i = 0; i < 10 * 10 * 2; i++) {
        const column = Math.floor(i / 2) % 10;
        const bright = Math.min(2, Math.floor((column * 3) / 10)) === label;
        images[n * 200 + i] = (bright ? 0.8 : 0) + 0.4 * (random() - 0.5);
      }
    }
    return { xs: tf.tensor4d(images, [count, 10, 10, 2]), ys: tf.tensor2d(labels, [count, 3]) };
  }

  const seeded = (seed: number) => tfl.initializers.glorotUniform({ seed });

  function convnet(): tfl.Sequential {
    return tfl.sequential({
      layers: [
        tfl.layers.conv2d({
          inputShape: [10, 10, 2],
          filters: 4,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
          kernelInitializer: seeded(1),
        }),
        tfl.layers.batchNormalization(),
        tfl.layers.depthwiseConv2d({
          kernelSize: 3,
          depthMultiplier: 2,
          activation: 'relu',
          depthwiseInitializer: seeded(2),
        }),
        tfl.layers.maxPooling2d({ poolSize: 2 }),
        tfl.layers.separableConv2d({
          filters: 6,
          kernelSize: 2,
          padding: 'same',
          activation: 'relu',
          depthwiseInitializer: seeded(3),
          pointwiseInitializer: seeded(4),
        }),
        tfl.layers.averagePooling2d({ poolSize: 2 }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 8, activation: 'relu', kernelInitializer: seeded(5) }),
        tfl.layers.dropout({ rate: 0.2, seed: 6 }),
        tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: seeded(7) }),
      ],
    });
  }

  it('trains a convnet of every layer type, and its loss decreases', async () => {
    expect(tf.getBackend()).toBe('wasm');
    for (const name of TRAINING_KERNEL_NAMES) expect(tf.getKernel(name, 'wasm')).toBeDefined();
    const before = tf.memory().numTensors;
    const { xs, ys } = dataset(48, 8000);
    const model = convnet();
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    const initial = model.getWeights().map((w) => w.dataSync().slice());
    const history = await model.fit(xs, ys, {
      epochs: 8,
      batchSize: 16,
      shuffle: false,
      verbose: 0,
    });
    const losses = history.history.loss as number[];
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(0.6 * losses[0]!);
    // Every trainable weight moved: each layer got its gradient.
    for (const [i, weight] of model.trainableWeights.entries()) {
      const index = model.weights.indexOf(weight);
      const now = weight.read().dataSync();
      expect(
        now.some((v, j) => v !== initial[index]![j]),
        `${weight.name} [${i}]`,
      ).toBe(true);
    }
    tf.dispose([xs, ys]);
    model.optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
