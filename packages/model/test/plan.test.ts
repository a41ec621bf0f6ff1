import { initWasmBackend } from '@mnist-wasm/backend';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMnistCnn, createMnistMlp, planForward, planModel } from '../src';

beforeAll(async () => {
  await initWasmBackend();
});

/** The plan's inference output beside the layers' own, as the worst difference over the largest. */
function inferenceError(model: tfl.LayersModel, inputShape: number[]): number {
  const { plan } = planModel(model);
  expect(plan).not.toBeNull();
  const x = tf.randomUniform(inputShape, 0, 1, 'float32', 3);
  const before = tf.memory().numTensors;
  const [ours, theirs] = tf.tidy(() => [
    planForward(plan!, x, { training: false }).output.dataSync() as Float32Array,
    (model.apply(x, { training: false }) as tf.Tensor).dataSync() as Float32Array,
  ]);
  expect(tf.memory().numTensors).toBe(before);
  x.dispose();
  expect(ours!.length).toBe(theirs!.length);
  const scale = Math.max(...Array.from(theirs!, Math.abs));
  return Math.max(...Array.from(theirs!, (t, i) => Math.abs(ours![i]! - t))) / scale;
}

describe('planModel', () => {
  it('plans the MLP and the convnet, each Dropout joining the Dense layer before it and each pool its Conv2D', () => {
    const mlp = createMnistMlp({ seed: 1 });
    const cnn = createMnistCnn({ seed: 1 });
    expect(planModel(mlp).plan?.layers.map((layer) => layer.kind)).toEqual([
      'flatten',
      'dense',
      'dense',
    ]);
    expect(planModel(cnn).plan?.layers.map((layer) => layer.kind)).toEqual([
      'conv2d',
      'conv2d',
      'flatten',
      'dense',
      'dense',
    ]);
    const variables = cnn.trainableWeights.map((weight) => weight.read());
    expect(planModel(cnn).plan?.variables).toEqual(variables);
    mlp.dispose();
    cnn.dispose();
  });

  it('keeps a Dropout with no Dense layer before it as a layer of its own', () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.reshape({ inputShape: [12], targetShape: [3, 4] }),
        tfl.layers.dropout({ rate: 0.3 }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 4 }),
      ],
    });
    expect(planModel(model).plan?.layers.map((layer) => layer.kind)).toEqual([
      'reshape',
      'dropout',
      'flatten',
      'dense',
    ]);
    model.dispose();
  });

  it('keeps a MaxPooling2D with no Conv2D layer before it as a layer of its own', () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.reshape({ inputShape: [36], targetShape: [6, 6, 1] }),
        tfl.layers.maxPooling2d({ poolSize: 2 }),
        tfl.layers.conv2d({ filters: 2, kernelSize: 2 }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 4 }),
      ],
    });
    expect(planModel(model).plan?.layers.map((layer) => layer.kind)).toEqual([
      'reshape',
      'maxPooling2d',
      'conv2d',
      'flatten',
      'dense',
    ]);
    expect(inferenceError(model, [2, 36])).toBeLessThan(1e-5);
    model.dispose();
  });

  it('names the layer or kernel it cannot plan', () => {
    const tanh = tfl.sequential({
      layers: [tfl.layers.dense({ inputShape: [4], units: 3, activation: 'tanh', name: 'th' })],
    });
    const regularized = tfl.sequential({
      layers: [
        tfl.layers.dense({
          inputShape: [4],
          units: 3,
          kernelRegularizer: tfl.regularizers.l2(),
          name: 'reg',
        }),
      ],
    });
    const strided = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3, strides: 2 }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 3 }),
      ],
    });
    const input = tfl.input({ shape: [4] });
    const functional = tfl.model({
      inputs: input,
      outputs: tfl.layers.dense({ units: 2 }).apply(input) as tfl.SymbolicTensor,
    });
    expect(planModel(tanh).refusal).toMatch(/layer 'th' \(Dense\): activation 'tanh'/);
    expect(planModel(regularized).refusal).toMatch(/layer 'reg' \(Dense\): a regularizer/);
    expect(planModel(strided).refusal).toMatch(/\(Conv2D\): not stride 1/);
    expect(planModel(functional).refusal).toMatch(/only Sequential models/);
    for (const m of [tanh, regularized, strided, functional]) m.dispose();
  });

  it('names the kernel a backend lacks (cpu has no Dense kernels)', async () => {
    const mlp = createMnistMlp({ seed: 1 });
    await tf.setBackend('cpu');
    try {
      expect(planModel(mlp).refusal).toBe("no 'DenseForward' kernel on backend 'cpu'");
    } finally {
      await tf.setBackend('wasm');
      mlp.dispose();
    }
  });
});

describe('planForward at inference', () => {
  it("gives the layers' outputs for the MLP and the convnet", () => {
    const mlp = createMnistMlp({ seed: 2 });
    const cnn = createMnistCnn({ seed: 2 });
    expect(inferenceError(mlp, [5, 28, 28])).toBeLessThan(1e-5);
    expect(inferenceError(cnn, [5, 28, 28, 1])).toBeLessThan(1e-5);
    mlp.dispose();
    cnn.dispose();
  });

  it("gives the layers' outputs with 'same' padding, odd sizes, stride-3 pooling, no bias", () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({
          inputShape: [11, 9, 2],
          filters: 3,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
          biasInitializer: 'ones',
        }),
        tfl.layers.maxPooling2d({ poolSize: 3 }),
        tfl.layers.conv2d({ filters: 2, kernelSize: 2, useBias: false }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 4 }),
      ],
    });
    expect(inferenceError(model, [3, 11, 9, 2])).toBeLessThan(1e-5);
    model.dispose();
  });
});
