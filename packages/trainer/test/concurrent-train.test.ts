import { type MnistSplit, sliceExamples } from '@mnist-wasm/dataset';
import { createMnistMlp } from '@mnist-wasm/model';
import { weightValues } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConcurrentTrainingError, TrainerError, type TrainOptions, train } from '../src';
import { setupWasmMnist } from './wasm-mnist';

let data: MnistSplit;

beforeAll(async () => {
  data = sliceExamples((await setupWasmMnist()).train, 0, 320);
});

/** A run of `options` on a fresh model of seed 11, alone: what the first of two calls must give. */
async function alone(options: TrainOptions) {
  const model = createMnistMlp({ seed: 11 });
  const { history, optimizer } = await train(model, data, options);
  const weights = weightValues(model);
  optimizer.dispose();
  model.dispose();
  return { history, weights };
}

describe('train refuses a second call on a model that is being trained', () => {
  it('refuses the second call with ConcurrentTrainingError; the first completes as if alone', async () => {
    const options: TrainOptions = { epochs: 2, seed: 1, yieldEveryMs: 0 };
    const expected = await alone(options);
    const model = createMnistMlp({ seed: 11 });
    const before = tf.memory().numTensors;
    const first = train(model, data, options);
    // Before the fix both ran, their updates interleaved at every yield.
    const second = await train(model, data, { epochs: 1, seed: 2 }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(ConcurrentTrainingError);
    expect(second).toBeInstanceOf(TrainerError);
    expect((second as Error).message).toMatch(
      /^train: this model is already being trained by another train\(\) call/,
    );
    const { history, optimizer } = await first;
    expect(history).toEqual(expected.history);
    expect(weightValues(model)).toEqual(expected.weights);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);

    // Released when the first call ended: the model trains again.
    const again = await train(model, data, { epochs: 1, seed: 3 });
    expect(again.history.loss).toHaveLength(1);
    again.optimizer.dispose();
    model.dispose();
  });

  it('releases the model when training fails or is aborted', async () => {
    const model = createMnistMlp({ seed: 12 });
    await expect(train(model, data, { epochs: 1, learningRate: 1e300 })).rejects.toThrow(
      /diverged/,
    );
    await expect(
      train(model, data, {
        epochs: 1,
        callbacks: {
          onBatchEnd: () => {
            throw new Error('callback failed');
          },
        },
      }),
    ).rejects.toThrow('callback failed');
    const controller = new AbortController();
    const aborted = await train(model, data, {
      epochs: 1,
      signal: controller.signal,
      callbacks: { onBatchEnd: () => controller.abort() },
    });
    expect(aborted.history.aborted).toEqual({ epoch: 0, step: 0 });
    aborted.optimizer.dispose();
    const { history, optimizer } = await train(model, data, { epochs: 1, seed: 1 });
    expect(history.loss).toHaveLength(1);
    optimizer.dispose();
    model.dispose();
  });

  it('trains two different models at the same time', async () => {
    const [a, b] = [createMnistMlp({ seed: 13 }), createMnistMlp({ seed: 14 })];
    const runs = await Promise.all([
      train(a, data, { epochs: 1, seed: 1, yieldEveryMs: 0 }),
      train(b, data, { epochs: 1, seed: 1, yieldEveryMs: 0 }),
    ]);
    for (const { history, optimizer } of runs) {
      expect(history.loss).toHaveLength(1);
      optimizer.dispose();
    }
    a.dispose();
    b.dispose();
  });
});
