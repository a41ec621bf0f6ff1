import { gatherBatch, range } from '@mnist-wasm/dataset';
import { createMnistMlp } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FusedAdam } from '../src';
import { SeededRandom } from '../src/random';
import { createTrainStep } from '../src/train-step';
import { setup, slice, weightValues } from './helpers';

let trainSplit: Awaited<ReturnType<typeof setup>>['train'];

beforeAll(async () => {
  ({ train: trainSplit } = await setup());
});

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
    const batch = gatherBatch(slice(trainSplit, 0, 32), range(0, 32));
    const reference = createMnistMlp({ seed: 11, dropoutRate: 0 });
    const ours = createMnistMlp({ seed: 11, dropoutRate: 0 });
    ours.setWeights(reference.getWeights());

    // Reference: stock compile + trainOnBatch, one-hot targets, TF.js's softmax cross-entropy.
    reference.compile({
      optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-7),
      loss: (targets: tf.Tensor, logits: tf.Tensor) =>
        tf.losses.softmaxCrossEntropy(targets, logits),
    });
    const x = tf.tensor(batch.pixels, [32, 28, 28]);
    const y = tf.oneHot(tf.tensor1d(batch.labels, 'int32'), 10);
    const referenceLoss = (await reference.trainOnBatch(x, y)) as number;

    const initial = weightValues(ours);
    const optimizer = tf.train.adam(0.001, 0.9, 0.999, 1e-7);
    const before = tf.memory().numTensors;
    // Adam made beta1^t and beta2^t already; the first step adds two moments per variable.
    const stats = createTrainStep(ours, optimizer, new SeededRandom(1))(batch);
    expect(tf.memory().numTensors).toBe(before + 2 * 4);

    expect(stats.loss).toBeCloseTo(referenceLoss, 5);
    const expected = weightValues(reference);
    const actual = weightValues(ours);
    for (const [i, weights] of expected.entries()) expectClose(actual[i]!, weights, 1e-5);
    // The step must have changed the weights, or the comparison proves nothing.
    expect(actual[0]).not.toEqual(initial[0]);
    tf.dispose([x, y]);
    optimizer.dispose();
    reference.dispose();
    ours.dispose();
  });

  it('fast path (FusedAdam) matches the stock gradients and the stock update of them', () => {
    const batch = gatherBatch(slice(trainSplit, 32, 32), range(0, 32));
    const reference = createMnistMlp({ seed: 12, dropoutRate: 0 });
    const initial = weightValues(reference);
    const x = tf.tensor(batch.pixels, [32, 28, 28]);
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
      createTrainStep(ours, optimizer, new SeededRandom(1))(batch);
      expect(tf.memory().numTensors).toBe(before + 2 * 4);
      for (const [i, grads] of stockGrads.entries()) expectClose(fastGrads[i]!, grads, 1e-5);

      // The update is compared on the fast path's own gradients: at step 1 Adam moves every
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
});
