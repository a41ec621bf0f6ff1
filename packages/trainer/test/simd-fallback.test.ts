import { initWasmBackend, useSimdModules } from '@mnist-wasm/backend';
import { createExamples, type Examples } from '@mnist-wasm/dataset';
import { createMnistCnn, createMnistMlp } from '@mnist-wasm/model';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { train } from '../src';

beforeAll(async () => {
  await initWasmBackend();
});

afterEach(() => {
  useSimdModules(true);
});

/**
 * `count` synthetic uint8 28x28 digits, the same for a seed: about four pixels in five are 0, as
 * in MNIST, so the kernels' zero-skipping paths run; labels in [0, 10).
 */
function syntheticDigits(count: number, seed: number): Examples {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const features = Uint8Array.from({ length: count * 784 }, () =>
    next() < 0.8 ? 0 : Math.floor(next() * 256),
  );
  const labels = Uint8Array.from({ length: count }, () => Math.floor(next() * 10));
  return createExamples({ features, labels, shape: [28, 28], numClasses: 10 });
}

/**
 * Trains a fresh `make()` for two epochs on `data` (a quarter held out for validation), on this
 * package's SIMD kernels or, with `simd` false, on their JavaScript twins: the history and every
 * weight's values.
 */
async function run(make: () => tfl.LayersModel, data: Examples, simd: boolean) {
  useSimdModules(simd);
  const model = make();
  const { history, optimizer, step } = await train(model, data, {
    epochs: 2,
    seed: 3,
    validationSplit: 0.25,
  });
  const weights = model.trainableWeights.map((w) => Array.from(w.read().dataSync()));
  optimizer.dispose();
  model.dispose();
  return { history, weights, step };
}

describe('training on the SIMD kernels and on their JavaScript twins', () => {
  const models: Array<[string, () => tfl.LayersModel]> = [
    ['the MLP', () => createMnistMlp({ seed: 5 })],
    // Widths that leave remainders in every loop's groups of 4, 8 and 32.
    ['an MLP of 30 hidden units', () => createMnistMlp({ seed: 5, hiddenUnits: 30 })],
    ['the convnet', () => createMnistCnn({ seed: 5 })],
    [
      'a convnet of odd widths',
      () => createMnistCnn({ seed: 5, filters: [3, 5], kernelSize: 3, denseUnits: 13 }),
    ],
    [
      "a convnet of 'same' padding, a Dropout and a MaxPooling2D on their own, a linear Conv2D",
      () =>
        tfl.sequential({
          layers: [
            tfl.layers.conv2d({
              inputShape: [28, 28, 1],
              filters: 4,
              kernelSize: 3,
              padding: 'same',
              activation: 'relu',
              kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
            }),
            tfl.layers.dropout({ rate: 0.3 }),
            tfl.layers.maxPooling2d({ poolSize: 2 }),
            tfl.layers.conv2d({
              filters: 6,
              kernelSize: 5,
              kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
            }),
            tfl.layers.flatten(),
            tfl.layers.dense({
              units: 10,
              kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }),
            }),
          ],
        }),
    ],
  ];

  it.each(models)('%s ends with the same weights and history, to the bit', async (_, make) => {
    const data = syntheticDigits(128, 11);
    const simd = await run(make, data, true);
    const plain = await run(make, data, false);
    // Six steps and two validations: the weights moved, and both routes moved them alike.
    expect([simd.step, plain.step]).toEqual(['plan', 'plan']);
    expect(simd.history.loss).toHaveLength(2);
    expect(simd.history.loss[1]).not.toBe(simd.history.loss[0]);
    expect(plain.history).toEqual(simd.history);
    expect(plain.weights).toEqual(simd.weights);
  });
});
