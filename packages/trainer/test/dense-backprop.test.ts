import { createMnistMlp } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DenseForward, denseBackprop } from '../src/dense-backprop';
import { denseKernelBackprop } from '../src/dense-kernel-backprop';
import { SeededRandom } from '../src/random';
import { trainingForward } from '../src/training-forward';
import { setupWasmMnist } from './wasm-mnist';

beforeAll(async () => {
  await setupWasmMnist();
});

// The plain path (stock ops) and the fused one (the Dense kernels of @mnist-wasm/backend).
const PATHS: Array<[string, (model: tfl.LayersModel) => DenseForward | null]> = [
  ['denseBackprop', denseBackprop],
  ['denseKernelBackprop', denseKernelBackprop],
];

describe.each(PATHS)('%s', (_, plan) => {
  /** Worst gradient error of the path relative to the tape, per variable, for one model. */
  function expectTapeGradients(model: tfl.LayersModel, inputShape: number[]): void {
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const batch = inputShape[0] as number;
    const features = inputShape.slice(1).reduce((a, b) => a * b, 1);
    const units = model.outputs[0]!.shape.at(-1) as number;
    const x = tf.randomUniform(inputShape, 0, 1, 'float32', 3);
    // Any loss gradient will do: the backward pass must match the tape for the same dOutput.
    const dOutput = tf.randomNormal([batch, units], 0, 1, 'float32', 4);
    const forward = plan(model);
    expect(forward).not.toBeNull();

    const before = tf.memory().numTensors;
    const direct = tf.tidy(() => {
      const flat = tf.reshape(x, [batch, features]) as tf.Tensor2D;
      const grads = forward!(flat, new SeededRandom(9)).backward(dOutput).grads;
      return variables.map((v) => grads[v.name]!.dataSync() as Float32Array);
    });
    expect(tf.memory().numTensors).toBe(before);
    const tape = tf.tidy(() => {
      const tapeForward = trainingForward(model);
      const { grads } = tf.variableGrads(
        () => tf.sum(tf.mul(tapeForward(x, new SeededRandom(9)), dOutput)) as tf.Scalar,
        variables,
      );
      return variables.map((v) => grads[v.name]!.dataSync() as Float32Array);
    });
    for (const [i, expected] of tape.entries()) {
      const scale = Math.max(...Array.from(expected, Math.abs));
      expect(scale).toBeGreaterThan(0);
      const worst = Math.max(...Array.from(expected, (e, j) => Math.abs(direct[i]![j]! - e)));
      expect(worst / scale).toBeLessThan(1e-5);
    }
    tf.dispose([x, dOutput]);
  }

  it('gives the tape gradients of a Dense/Dropout model, dropout masks included', () => {
    const model = createMnistMlp({ seed: 21, dropoutRate: 0.2 });
    expectTapeGradients(model, [16, 28, 28]);
    model.dispose();
  });

  it('gives the tape gradients with one Dense layer, or three, and dropout anywhere', () => {
    const single = tfl.sequential({
      layers: [
        tfl.layers.flatten({ inputShape: [3, 4] }),
        tfl.layers.dense({ units: 5, kernelInitializer: 'glorotNormal' }),
      ],
    });
    const deep = tfl.sequential({
      layers: [
        tfl.layers.dropout({ inputShape: [12], rate: 0.3 }),
        tfl.layers.dense({ units: 9, activation: 'relu', biasInitializer: 'ones' }),
        tfl.layers.dropout({ rate: 0.5 }),
        tfl.layers.dense({ units: 7, activation: 'relu', biasInitializer: 'ones' }),
        tfl.layers.dropout({ rate: 0.1 }),
        tfl.layers.dense({ units: 4, useBias: false }),
      ],
    });
    expectTapeGradients(single, [6, 3, 4]);
    expectTapeGradients(deep, [6, 12]);
    for (const m of [single, deep]) m.dispose();
  });

  it('declines models it has no hand-written pass for', () => {
    const conv = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3 }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 3 }),
      ],
    });
    const tanh = tfl.sequential({
      layers: [tfl.layers.dense({ inputShape: [4], units: 3, activation: 'tanh' })],
    });
    const input = tfl.input({ shape: [4] });
    const functional = tfl.model({
      inputs: input,
      outputs: tfl.layers.dense({ units: 2 }).apply(input) as tfl.SymbolicTensor,
    });
    expect(plan(conv)).toBeNull();
    expect(plan(tanh)).toBeNull();
    expect(plan(functional)).toBeNull();
    for (const m of [conv, tanh, functional]) m.dispose();
  });
});

describe('denseKernelBackprop beside denseBackprop', () => {
  it('computes the same pass for the same seed: output, checks and gradients to 1e-5', () => {
    const model = createMnistMlp({ seed: 22, dropoutRate: 0.2 });
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const x = tf.tidy(() =>
      tf.reshape(tf.randomUniform([32, 28, 28], 0, 1, 'float32', 5), [32, 784]),
    );
    const dOutput = tf.randomNormal([32, 10], 0, 1, 'float32', 6);
    const run = (plan: (model: tfl.LayersModel) => DenseForward | null) =>
      tf.tidy(() => {
        const pass = plan(model)!(x as tf.Tensor2D, new SeededRandom(10));
        const { grads } = pass.backward(dOutput);
        return {
          output: pass.output.dataSync() as Float32Array,
          finite: pass.checks.every((check) => Array.from(check.dataSync()).every(Number.isFinite)),
          grads: variables.map((v) => grads[v.name]!.dataSync() as Float32Array),
        };
      });
    const plain = run(denseBackprop);
    const fused = run(denseKernelBackprop);
    const worst = (a: Float32Array, b: Float32Array) => {
      const scale = Math.max(...Array.from(b, Math.abs));
      return Math.max(...Array.from(b, (e, j) => Math.abs(a[j]! - e))) / scale;
    };
    expect(fused.finite).toBe(true);
    expect(plain.finite).toBe(true);
    expect(worst(fused.output, plain.output)).toBeLessThan(1e-5);
    plain.grads.forEach((expected, i) => {
      expect(worst(fused.grads[i]!, expected)).toBeLessThan(1e-5);
    });
    tf.dispose([x, dOutput]);
    model.dispose();
  });
});
