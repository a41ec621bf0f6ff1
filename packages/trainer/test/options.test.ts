import { createMnistMlp } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainDataError, TrainOptionError, type TrainOptions, train } from '../src';
import { setup, slice } from './helpers';

let data: Awaited<ReturnType<typeof setup>>['train'];
let model: ReturnType<typeof createMnistMlp>;

beforeAll(async () => {
  data = slice((await setup()).train, 0, 64);
  model = createMnistMlp({ seed: 1 });
});
afterAll(() => model.dispose());

describe('train option validation', () => {
  const rejected: Array<[string, TrainOptions, RegExp]> = [
    ['batchSize', { batchSize: 0 }, /batchSize is 0; it must be a positive integer/],
    ['batchSize', { batchSize: 1.5 }, /batchSize is 1.5/],
    ['epochs', { epochs: -1 }, /epochs is -1; it must be a non-negative integer/],
    [
      'validationSplit',
      { validationSplit: 0 },
      /validationSplit is 0; it must be a number between 0 and 1/,
    ],
    ['validationSplit', { validationSplit: 1 }, /validationSplit is 1/],
    ['validationSplit', { validationSplit: 0.999 }, /leaves at least one of the 64 examples/],
    ['learningRate', { learningRate: -1 }, /learningRate is -1/],
    ['seed', { seed: 0.5 }, /seed is 0.5; it must be an integer/],
    ['validationBatchSize', { validationBatchSize: 0 }, /validationBatchSize is 0/],
  ];
  for (const [option, options, message] of rejected) {
    it(`rejects ${option} ${JSON.stringify(options[option as keyof TrainOptions])}`, async () => {
      const error = await train(model, data, options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TrainOptionError);
      expect(error).toMatchObject({ option });
      expect((error as Error).message).toMatch(message);
    });
  }

  it('rejects learningRate together with an optimizer', async () => {
    const optimizer = tf.train.sgd(0.1);
    await expect(train(model, data, { optimizer, learningRate: 0.1 })).rejects.toThrow(
      /learningRate is 0.1; it must be left out when an optimizer is given/,
    );
    optimizer.dispose();
  });

  it('rejects labels the model has no class for', async () => {
    const fiveClasses = createMnistMlp({ numClasses: 5, seed: 1 });
    const index = Array.from(data.labels).findIndex((label) => label >= 5);
    await expect(train(fiveClasses, data)).rejects.toThrow(
      new RegExp(
        `data.labels\\[${index}\\] is ${data.labels[index]} but the model outputs 5 classes`,
      ),
    );
    await expect(train(fiveClasses, data)).rejects.toBeInstanceOf(TrainDataError);
    fiveClasses.dispose();
  });

  it('rejects images whose size does not match the model input', async () => {
    const small = createMnistMlp({ inputShape: [14, 14], seed: 1 });
    await expect(train(small, data)).rejects.toThrow(
      /input shape \[14, 14\] does not take data's 28x28/,
    );
    small.dispose();
  });
});
