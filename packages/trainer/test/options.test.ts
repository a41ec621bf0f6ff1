import { ExamplesError, type MnistSplit, sliceExamples } from '@mnist-wasm/dataset';
import { createMnistMlp } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  maxBatchSize,
  maxTrainBatchSize,
  TrainerOptionError,
  type TrainOptions,
  train,
} from '../src';
import { setupWasmMnist } from './wasm-mnist';

let data: MnistSplit;
let model: ReturnType<typeof createMnistMlp>;

beforeAll(async () => {
  data = sliceExamples((await setupWasmMnist()).train, 0, 64);
  model = createMnistMlp({ seed: 1 });
});
afterAll(() => model.dispose());

describe('train option validation', () => {
  const rejected: Array<[string, TrainOptions, RegExp]> = [
    ['batchSize', { batchSize: 0 }, /^train: batchSize is 0; use an integer from 1 to 65,536\./],
    ['batchSize', { batchSize: 1.5 }, /batchSize is 1.5/],
    // Used to throw a raw RangeError (Invalid typed array length) from the batch buffers.
    [
      'batchSize',
      { batchSize: 1e9 },
      /^train: batchSize is 1000000000; use an integer from 1 to 65,536\./,
    ],
    ['batchSize', { batchSize: 65_537 }, /batchSize is 65537/],
    ['epochs', { epochs: -1 }, /^train: epochs is -1; use an integer from 0 to 1,000,000\./],
    ['epochs', { epochs: 1e300 }, /epochs is 1e\+300; use an integer from 0 to 1,000,000/],
    ['epochs', { epochs: 1_000_001 }, /epochs is 1000001/],
    [
      'validationSplit',
      { validationSplit: 0 },
      /^train: validationSplit is 0; use a number between 0 and 1/,
    ],
    ['validationSplit', { validationSplit: 1 }, /validationSplit is 1/],
    ['validationSplit', { validationSplit: 0.999 }, /leaves at least one of the 64 examples/],
    ['learningRate', { learningRate: -1 }, /learningRate is -1/],
    ['seed', { seed: 0.5 }, /^train: seed is 0.5; use an integer\./],
    ['validationBatchSize', { validationBatchSize: 0 }, /validationBatchSize is 0/],
    [
      'validationBatchSize',
      { validationBatchSize: 1e9 },
      /^train: validationBatchSize is 1000000000; use an integer from 1 to 65,536\./,
    ],
  ];
  for (const [option, options, message] of rejected) {
    it(`rejects ${option} ${JSON.stringify(options[option as keyof TrainOptions])}`, async () => {
      const error = await train(model, data, options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TrainerOptionError);
      expect(error).toMatchObject({ caller: 'train', option });
      expect((error as Error).message).toMatch(message);
    });
  }

  it("takes the model's largest batch size, as one batch of all the data", async () => {
    const before = tf.memory().numTensors;
    const largest = maxTrainBatchSize(model);
    const steps: number[] = [];
    const { history, optimizer } = await train(model, data, {
      epochs: 1,
      seed: 1,
      batchSize: largest,
      validationBatchSize: largest,
      validationData: data,
      callbacks: {
        onBatchEnd: ({ steps: count }) => {
          steps.push(count);
        },
      },
    });
    expect(maxBatchSize).toBe(65_536);
    expect(largest).toBeLessThan(maxBatchSize);
    expect(steps).toEqual([1]);
    expect(history.valLoss).toHaveLength(1);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects learningRate together with an optimizer', async () => {
    const optimizer = tf.train.sgd(0.1);
    await expect(train(model, data, { optimizer, learningRate: 0.1 })).rejects.toThrow(
      /learningRate is 0.1; use no learningRate when an optimizer is given/,
    );
    optimizer.dispose();
  });

  it('rejects labels the model has no class for', async () => {
    const fiveClasses = createMnistMlp({ numClasses: 5, seed: 1 });
    // MNIST's 10 classes do not fit a model of 5 outputs, whatever the labels.
    await expect(train(fiveClasses, data)).rejects.toThrow(
      /^train: data.numClasses is 10 but the model scores 5 classes; give the model's last layer 10 units/,
    );
    // Claimed to be of 5 classes, the first label of 5 or more is named.
    const index = Array.from(data.labels).findIndex((label) => label >= 5);
    await expect(train(fiveClasses, { ...data, numClasses: 5 })).rejects.toThrow(
      new RegExp(`data\\.labels\\[${index}\\] is ${data.labels[index]}, outside the 5 classes 0-4`),
    );
    await expect(train(fiveClasses, data)).rejects.toBeInstanceOf(ExamplesError);
    fiveClasses.dispose();
  });

  it('rejects images whose size does not match the model input', async () => {
    const small = createMnistMlp({ inputShape: [14, 14], seed: 1 });
    await expect(train(small, data)).rejects.toThrow(
      /data are of shape \[28,28\] \(784 values each\) but the model takes \[14,14\]/,
    );
    await expect(train(small, data)).rejects.toBeInstanceOf(ExamplesError);
    small.dispose();
  });
});
