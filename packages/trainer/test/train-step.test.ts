import {
  type ExampleBatch,
  gatherBatch,
  type MnistSplit,
  range,
  sliceExamples,
} from '@mnist-wasm/dataset';
import { classifierSignature, createMnistMlp, planModel } from '@mnist-wasm/model';
import { weightValues } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { FusedAdam } from '../src';
import { SeededRandom } from '../src/random';
import { createTrainStep } from '../src/train-step';
import { setupWasmMnist } from './wasm-mnist';

let trainSplit: MnistSplit;

beforeAll(async () => {
  ({ train: trainSplit } = await setupWasmMnist());
});

/**
 * One step of `createTrainStep` on `model` with a (Keras) FusedAdam: the step's stats, the
 * gradients the optimizer was given and the weights after the update, in `trainableWeights` order.
 */
function firstStep(model: tfl.LayersModel, batch: ExampleBatch) {
  let gradients: Float32Array[] = [];
  const optimizer = new (class extends FusedAdam {
    override applyGradients(g: tf.NamedTensorMap) {
      gradients = model.trainableWeights.map(
        (w) => g[(w.read() as tf.Variable).name]!.dataSync() as Float32Array,
      );
      super.applyGradients(g);
    }
  })({ learningRate: 0.001 });
  const before = tf.memory().numTensors;
  const stats = trainStep(model, optimizer, new SeededRandom(5)).run(batch);
  // Nothing but Adam's two moments per variable is left.
  expect(tf.memory().numTensors).toBe(before + 2 * model.trainableWeights.length);
  const weights = model.trainableWeights.map((w) => w.read().dataSync() as Float32Array);
  optimizer.dispose();
  return { stats, gradients, weights };
}

/** The tape step's first step equals the plan step's: loss, correct count, gradients, weights. */
function expectSameStep(tape: ReturnType<typeof firstStep>, dense: ReturnType<typeof firstStep>) {
  expect(tape.stats.loss).toBeCloseTo(dense.stats.loss, 5);
  expect(tape.stats.correct).toBe(dense.stats.correct);
  for (const [i, grads] of dense.gradients.entries()) expectClose(tape.gradients[i]!, grads, 1e-5);
  for (const [i, weights] of dense.weights.entries()) {
    expectSameUpdate(tape.weights[i]!, weights, 0.001);
  }
}

/** The train step `train` would build for `model`. */
function trainStep(model: tfl.LayersModel, optimizer: tf.Optimizer, random: SeededRandom) {
  return createTrainStep(model, {
    optimizer,
    random,
    signature: classifierSignature(model, 'test'),
  });
}

/**
 * Weights after one Adam step of `learningRate` within 0.1% of a step of each other. Not a
 * relative test: Adam's first step moves a weight by about `learningRate · g / (|g| + 3e-6)`, so
 * where a gradient cancels to near zero its rounding (which differs with the order of the sums)
 * moves the weight by a visible fraction of a step.
 */
function expectSameUpdate(actual: Float32Array, expected: Float32Array, learningRate: number) {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  }
  expect(worst).toBeLessThan(1e-3 * learningRate);
}

function expectClose(actual: Float32Array, expected: Float32Array, relative: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const scale = Math.max(Math.abs(expected[i]!), 1e-3);
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / scale);
  }
  expect(worst).toBeLessThan(relative);
}

describe('createTrainStep', () => {
  it("matches tfjs-layers' trainOnBatch with the same weights, batch and Adam", async () => {
    const batch = gatherBatch(sliceExamples(trainSplit, 0, 32), range(0, 32));
    const reference = createMnistMlp({ seed: 11, dropoutRate: 0 });
    const ours = createMnistMlp({ seed: 11, dropoutRate: 0 });
    ours.setWeights(reference.getWeights());

    // Reference: stock compile + trainOnBatch, one-hot targets, TF.js's softmax cross-entropy.
    reference.compile({
      optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-7),
      loss: (targets: tf.Tensor, logits: tf.Tensor) =>
        tf.losses.softmaxCrossEntropy(targets, logits),
    });
    const x = tf.tensor(batch.features, [32, 28, 28]);
    const y = tf.oneHot(tf.tensor1d(batch.labels, 'int32'), 10);
    const referenceLoss = (await reference.trainOnBatch(x, y)) as number;

    const initial = weightValues(ours);
    const optimizer = tf.train.adam(0.001, 0.9, 0.999, 1e-7);
    const before = tf.memory().numTensors;
    // Adam made beta1^t and beta2^t already; the first step adds two moments per variable.
    const stats = trainStep(ours, optimizer, new SeededRandom(1)).run(batch);
    expect(tf.memory().numTensors).toBe(before + 2 * 4);

    expect(stats.loss).toBeCloseTo(referenceLoss, 5);
    const expected = weightValues(reference);
    const actual = weightValues(ours);
    for (const [i, weights] of expected.entries()) expectSameUpdate(actual[i]!, weights, 0.001);
    // The step must have changed the weights, or the comparison proves nothing.
    expect(actual[0]).not.toEqual(initial[0]);
    tf.dispose([x, y]);
    optimizer.dispose();
    reference.dispose();
    ours.dispose();
  });

  it('plan step (FusedAdam) matches the stock gradients and the stock update of them', () => {
    const batch = gatherBatch(sliceExamples(trainSplit, 32, 64), range(0, 32));
    const reference = createMnistMlp({ seed: 12, dropoutRate: 0 });
    const initial = weightValues(reference);
    const x = tf.tensor(batch.features, [32, 28, 28]);
    const y = tf.oneHot(tf.tensor1d(batch.labels, 'int32'), 10);
    // Stock gradients: tfjs-layers' forward pass and TF.js's softmax cross-entropy.
    const variables = reference.trainableWeights.map((w) => w.read() as tf.Variable);
    const stockGrads = tf.tidy(() => {
      const { grads } = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(y, reference.apply(x) as tf.Tensor) as tf.Scalar,
        variables,
      );
      return variables.map((v) => grads[v.name]!.dataSync() as Float32Array);
    });

    for (const epsilonMode of ['tfjs', 'keras'] as const) {
      const ours = createMnistMlp({ seed: 12, dropoutRate: 0 });
      let fastGrads: Float32Array[] = [];
      const optimizer = new (class extends FusedAdam {
        override applyGradients(g: tf.NamedTensorMap) {
          fastGrads = ours.trainableWeights.map(
            (w) => g[(w.read() as tf.Variable).name]!.dataSync() as Float32Array,
          );
          super.applyGradients(g);
        }
      })({ learningRate: 0.001, epsilon: 1e-7, epsilonMode });
      const before = tf.memory().numTensors;
      trainStep(ours, optimizer, new SeededRandom(1)).run(batch);
      expect(tf.memory().numTensors).toBe(before + 2 * 4);
      for (const [i, grads] of stockGrads.entries()) expectClose(fastGrads[i]!, grads, 1e-5);

      // The update is compared on the plan step's own gradients: at step 1 Adam moves every
      // weight by about lr · g / (|g| + epsilon), so a gradient of 1e-9 that differs in its last
      // float32 bits between two summation orders moves its weight visibly differently.
      const actual = weightValues(ours);
      let expected: Float32Array[];
      if (epsilonMode === 'tfjs') {
        const stockAdam: tf.Optimizer = tf.train.adam(0.001, 0.9, 0.999, 1e-7);
        tf.tidy(() =>
          stockAdam.applyGradients(
            variables.map((v, i) => ({ name: v.name, tensor: tf.tensor(fastGrads[i]!, v.shape) })),
          ),
        );
        expected = weightValues(reference);
        tf.tidy(() =>
          reference.setWeights(initial.map((w, i) => tf.tensor(w, variables[i]!.shape))),
        );
        stockAdam.dispose();
      } else {
        // Keras's first step in float64: m = 0.1 g, v = 0.001 g², w -= 0.001 √0.001 / 0.1 · m / (√v + 1e-7).
        expected = initial.map((weights, i) =>
          weights.map((w, j) => {
            const g = fastGrads[i]![j]!;
            return (
              w -
              ((0.001 * Math.sqrt(0.001)) / 0.1) * ((0.1 * g) / (Math.sqrt(0.001 * g * g) + 1e-7))
            );
          }),
        );
      }
      for (const [i, weights] of expected.entries()) expectClose(actual[i]!, weights, 1e-5);
      expect(actual[0]).not.toEqual(initial[0]);
      optimizer.dispose();
      ours.dispose();
    }
    tf.dispose([x, y]);
    reference.dispose();
  });

  it("tape step gives the plan step's first step on the notebook MLP (no dropout)", () => {
    const batch = gatherBatch(sliceExamples(trainSplit, 64, 96), range(0, 32));
    const mlp = createMnistMlp({ seed: 13, dropoutRate: 0 });
    const twin = createMnistMlp({ seed: 13, dropoutRate: 0 });
    // The same layers as a functional model: the plan covers Sequential models only, so the
    // step of this one is the tape's.
    const functional = tfl.model({ inputs: twin.inputs, outputs: twin.outputs });
    expect(planModel(mlp).plan).not.toBeNull();
    expect(planModel(functional).plan).toBeNull();
    expect(weightValues(functional)).toEqual(weightValues(mlp));
    const initial = weightValues(mlp);

    const dense = firstStep(mlp, batch);
    const tape = firstStep(functional, batch);
    expectSameStep(tape, dense);
    expect(dense.weights[0]).not.toEqual(initial[0]);
    mlp.dispose();
    twin.dispose();
  });

  it("tape step draws the plan step's dropout masks from the same seed", () => {
    const batch = gatherBatch(sliceExamples(trainSplit, 96, 128), range(0, 32));
    const mlp = createMnistMlp({ seed: 14 });
    // The notebook MLP (dropout 0.2) and a final identity layer, which the plan does not cover.
    const withIdentity = tfl.sequential({
      layers: [
        tfl.layers.flatten({ inputShape: [28, 28] }),
        tfl.layers.dense({ units: 128, activation: 'relu' }),
        tfl.layers.dropout({ rate: 0.2 }),
        tfl.layers.dense({ units: 10 }),
        tfl.layers.activation({ activation: 'linear' }),
      ],
    });
    withIdentity.setWeights(mlp.getWeights());
    expect(planModel(withIdentity).refusal).toMatch(/\(Activation\)/);
    const initial = withIdentity.getWeights().map((w) => tf.keep(w.clone()));

    const dense = firstStep(mlp, batch);
    const tape = firstStep(withIdentity, batch);
    expectSameStep(tape, dense);

    // With another seed the masks, hence the gradients, differ: the seed really is shared.
    withIdentity.setWeights(initial);
    const sgd = tf.train.sgd(0.01);
    const otherSeed = trainStep(withIdentity, sgd, new SeededRandom(6)).run(batch);
    expect(otherSeed.loss).not.toBeCloseTo(dense.stats.loss, 5);
    sgd.dispose();
    tf.dispose(initial);
    mlp.dispose();
    withIdentity.dispose();
  });
});
