import { type Examples, ExamplesError, type MnistSplit, sliceExamples } from '@mnist-wasm/dataset';
import { evaluate } from '@mnist-wasm/evaluator';
import { createMnistCnn, createMnistMlp } from '@mnist-wasm/model';
import { weightValues } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { train } from '../src';
import { setupWasmMnist } from './wasm-mnist';

let data: MnistSplit;

beforeAll(async () => {
  data = sliceExamples((await setupWasmMnist()).train, 0, 256);
});

describe('train on models and examples beyond the notebook MLP', () => {
  it('trains a Sequential model that starts with an explicit InputLayer', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.inputLayer({ inputShape: [28, 28] }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 16, activation: 'relu' }),
        tfl.layers.dense({ units: 10 }),
      ],
    });
    expect((await evaluate(model, data)).count).toBe(256);
    const { history, optimizer } = await train(model, data, { epochs: 1, seed: 1 });
    expect(history.loss).toHaveLength(1);
    optimizer.dispose();
    model.dispose();
  });

  it('applies a Dense kernel regularizer through the tape step, and reports the penalty in the loss', async () => {
    const make = (l2: number) =>
      tfl.sequential({
        layers: [
          tfl.layers.flatten({ inputShape: [28, 28] }),
          tfl.layers.dense({
            units: 16,
            activation: 'relu',
            kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
            ...(l2 > 0 && { kernelRegularizer: tfl.regularizers.l2({ l2 }) }),
          }),
          tfl.layers.dense({
            units: 10,
            kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
          }),
        ],
      });
    const runs = [];
    const losses = [];
    for (const l2 of [0, 10]) {
      const model = make(l2);
      const penalty = l2 * tf.tidy(() => tf.sum(tf.square(model.getWeights()[0]!)).dataSync()[0]!);
      const optimizer = tf.train.sgd(0.01);
      let weightedLoss = 0;
      const { history, step } = await train(model, data, {
        epochs: 1,
        seed: 1,
        optimizer,
        callbacks: {
          onBatchEnd: ({ batchLoss, batchSize }) => {
            weightedLoss += batchLoss * batchSize;
          },
        },
      });
      // The tape step reports each batch's own loss too, penalty included.
      if (l2 > 0) expect(step).toBe('tape');
      expect(weightedLoss / data.count).toBeCloseTo(history.loss[0]!, 10);
      runs.push(weightValues(model)[0]!);
      losses.push({ loss: history.loss[0]!, penalty });
      optimizer.dispose();
      model.dispose();
    }
    // The epoch's loss carries the penalty, which starts at 10·|W0|² and shrinks as W does.
    const [plain, regularized] = losses as [(typeof losses)[0], (typeof losses)[0]];
    expect(regularized.loss).toBeGreaterThan(plain.loss + 0.1 * regularized.penalty);
    expect(regularized.loss).toBeLessThan(plain.loss + regularized.penalty + 1);
    const norm = (w: Float32Array) => Math.sqrt(w.reduce((sum, x) => sum + x * x, 0));
    // 8 SGD steps with lr 0.01 on 10·|W|² shrink W by about (1 - 0.2)^8 = 0.17.
    expect(norm(runs[1]!)).toBeLessThan(0.5 * norm(runs[0]!));
  });

  it('trains the convnet on wasm: [28, 28] examples feed its [28, 28, 1] input, seeded end to end', async () => {
    const run = async (seed: number) => {
      const model = createMnistCnn({ seed: 1, filters: [4, 8], denseUnits: 32, dropoutRate: 0.2 });
      const before = await evaluate(model, data);
      const { history, optimizer } = await train(model, data, {
        epochs: 6,
        seed,
        learningRate: 0.003,
      });
      const after = await evaluate(model, data);
      const weights = weightValues(model);
      optimizer.dispose();
      model.dispose();
      return { before, after, history, weights };
    };
    const first = await run(7);
    const again = await run(7);
    const other = await run(8);
    // Shuffling and the dropout masks follow the seed: equal seeds, equal runs; not otherwise.
    expect(again.history).toEqual(first.history);
    expect(again.weights).toEqual(first.weights);
    expect(other.history.loss).not.toEqual(first.history.loss);
    // Six epochs of 256 digits (learning rate 0.003): the loss falls to about a fifth and accuracy
    // is far above chance (measured 2.35 -> 0.47, 0.88).
    expect(first.history.loss[5]!).toBeLessThan(first.history.loss[0]!);
    expect(first.after.loss).toBeLessThan(0.4 * first.before.loss);
    expect(first.after.accuracy).toBeGreaterThan(0.7);
  });

  it('leaves no tensors behind after training the convnet', async () => {
    const model = createMnistCnn({ seed: 2, filters: [4], denseUnits: 16 });
    const before = tf.memory().numTensors;
    const { optimizer } = await train(model, sliceExamples(data, 0, 64), { epochs: 1, seed: 1 });
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('refuses examples that have no labels with ExamplesError, in evaluate and train', async () => {
    const { features, count, shape } = data;
    const noLabels = { features, count, shape, numClasses: 10 } as unknown as Examples;
    const model = createMnistMlp({ seed: 1 });
    await expect(evaluate(model, noLabels)).rejects.toThrow(ExamplesError);
    await expect(train(model, noLabels, { epochs: 1 })).rejects.toThrow(ExamplesError);
    model.dispose();
  });
});
