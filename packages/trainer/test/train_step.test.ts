import { gatherBatch, range } from '@mnist-wasm/dataset';
import { createMnistMlp } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../src/random';
import { createTrainStep } from '../src/train_step';
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
});
