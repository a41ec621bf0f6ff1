import {
  createMnistCnn,
  createMnistMlp,
  planBackward,
  planForward,
  planModel,
} from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../src/random';
import { createTrainStep } from '../src/train-step';
import { trainingForward } from '../src/training-forward';
import { setupWasmMnist } from './wasm-mnist';

beforeAll(async () => {
  await setupWasmMnist();
});

/**
 * The plan's gradients beside the tape's for the same batch, loss gradient and seed (so the same
 * dropout masks): per variable, the worst difference relative to the largest tape gradient.
 */
function expectTapeGradients(model: tfl.LayersModel, inputShape: number[]): void {
  const { plan } = planModel(model);
  expect(plan).not.toBeNull();
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const batch = inputShape[0] as number;
  const units = model.outputs[0]!.shape.at(-1) as number;
  const x = tf.randomUniform(inputShape, 0, 1, 'float32', 3);
  // Any loss gradient will do: the backward pass must match the tape for the same dOutput.
  const dOutput = tf.randomNormal([batch, units], 0, 1, 'float32', 4);

  const before = tf.memory().numTensors;
  const planned = tf.tidy(() => {
    const pass = planForward(plan!, x, { training: true, random: new SeededRandom(9) });
    const { grads, checks } = planBackward(pass, dOutput);
    for (const check of [...pass.checks, ...checks]) expect(check.dataSync()[0]).toBe(0);
    return variables.map((v) => grads[v.name]!.dataSync() as Float32Array);
  });
  expect(tf.memory().numTensors).toBe(before);
  const tape = tf.tidy(() => {
    const forward = trainingForward(model);
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.mul(forward(x, new SeededRandom(9)), dOutput)) as tf.Scalar,
      variables,
    );
    return variables.map((v) => grads[v.name]!.dataSync() as Float32Array);
  });
  for (const [i, expected] of tape.entries()) {
    const scale = Math.max(...Array.from(expected, Math.abs));
    expect(scale).toBeGreaterThan(0);
    const worst = Math.max(...Array.from(expected, (e, j) => Math.abs(planned[i]![j]! - e)));
    expect(worst / scale).toBeLessThan(1e-5);
  }
  tf.dispose([x, dOutput]);
}

describe('the plan beside the tape', () => {
  it('gives the tape gradients of the MLP, dropout masks included', () => {
    const model = createMnistMlp({ seed: 21, dropoutRate: 0.2 });
    expectTapeGradients(model, [16, 28, 28]);
    model.dispose();
  });

  it('gives the tape gradients of the convnet, dropout masks included', () => {
    const model = createMnistCnn({ seed: 22 });
    expectTapeGradients(model, [32, 28, 28, 1]);
    model.dispose();
  });

  it('gives the tape gradients with one Dense layer, or three, and dropouts anywhere', () => {
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
        tfl.layers.dropout({ rate: 0.2 }),
        tfl.layers.dense({ units: 7, activation: 'relu', biasInitializer: 'ones' }),
        tfl.layers.dropout({ rate: 0.1 }),
        tfl.layers.dense({ units: 4, useBias: false }),
      ],
    });
    expectTapeGradients(single, [6, 3, 4]);
    expectTapeGradients(deep, [6, 12]);
    for (const m of [single, deep]) m.dispose();
  });

  it("gives the tape gradients of convolutions with 'same' padding, odd sizes, reshape", () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.reshape({ inputShape: [99, 2], targetShape: [11, 9, 2] }),
        tfl.layers.dropout({ rate: 0.25 }),
        tfl.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }),
        tfl.layers.maxPooling2d({ poolSize: 3 }),
        tfl.layers.conv2d({ filters: 4, kernelSize: 2, useBias: false, activation: 'relu' }),
        tfl.layers.conv2d({ filters: 2, kernelSize: 1, biasInitializer: 'ones' }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 5 }),
      ],
    });
    expectTapeGradients(model, [5, 99, 2]);
    model.dispose();
  });
});

describe('createTrainStep', () => {
  it('chooses the plan for the models it covers and the tape, with the reason, for others', () => {
    const context = (model: tfl.LayersModel) => ({
      optimizer: tf.train.sgd(0.1),
      random: new SeededRandom(1),
      signature: { inputShape: model.inputs[0]!.shape.slice(1) as number[], numClasses: 3 },
    });
    const covered = tfl.sequential({
      layers: [tfl.layers.dense({ inputShape: [4], units: 3, activation: 'relu' })],
    });
    const other = tfl.sequential({
      layers: [tfl.layers.dense({ inputShape: [4], units: 3, activation: 'sigmoid' })],
    });
    const plan = createTrainStep(covered, context(covered));
    const tape = createTrainStep(other, context(other));
    expect([plan.kind, plan.refusal]).toEqual(['plan', null]);
    expect(tape.kind).toBe('tape');
    expect(tape.refusal).toMatch(/activation 'sigmoid'/);
    for (const m of [covered, other]) m.dispose();
  });
});
