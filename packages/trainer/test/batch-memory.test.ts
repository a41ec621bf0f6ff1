import { type MnistSplit, sliceExamples } from '@mnist-wasm/dataset';
import { maxBatchSize as evaluatorMaxBatchSize } from '@mnist-wasm/evaluator';
import { createMnistCnn, createMnistMlp } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  maxBatchSize,
  maxTrainBatchSize,
  TrainerOptionError,
  train,
  trainBatchBound,
  trainStepBytesPerExample,
  trainStepMemoryBudget,
} from '../src';
import { setupWasmMnist } from './wasm-mnist';

let data: MnistSplit;

beforeAll(async () => {
  data = sliceExamples((await setupWasmMnist()).train, 0, 64);
});

describe('the batch size bound of each model', () => {
  it('gives the MLP a high bound and the convnet a much lower one, from their layer sizes', () => {
    const mlp = createMnistMlp({ seed: 1 });
    const cnn = createMnistCnn({ seed: 1 });
    try {
      // MLP: input 784 (host copy and tensor), Dense(128, relu) 3 tensors, Dropout 2, logits 2,
      // each with its gradient.
      expect(trainStepBytesPerExample(mlp)).toBe(4 * (2 * 784 + 2 * (3 * 128 + 2 * 128 + 2 * 10)));
      expect(trainStepBytesPerExample(cnn)).toBeGreaterThan(10 * trainStepBytesPerExample(mlp));
      const mlpBound = maxTrainBatchSize(mlp);
      const cnnBound = maxTrainBatchSize(cnn);
      expect(mlpBound).toBeGreaterThan(10_000);
      expect(mlpBound).toBeLessThanOrEqual(maxBatchSize);
      expect(cnnBound).toBeGreaterThan(500);
      expect(cnnBound).toBeLessThan(2_000);
      expect(cnnBound * trainStepBytesPerExample(cnn)).toBeLessThanOrEqual(trainStepMemoryBudget);
      expect((cnnBound + 1) * trainStepBytesPerExample(cnn)).toBeGreaterThan(trainStepMemoryBudget);
      // trainBatchBound owns the bound: maxTrainBatchSize and every message read it.
      expect(trainBatchBound(cnn)).toEqual({
        maxBatchSize: cnnBound,
        kibPerExample: Math.ceil(trainStepBytesPerExample(cnn) / 1024),
        budgetMib: trainStepMemoryBudget / 2 ** 20,
      });
      expect(maxBatchSize).toBe(evaluatorMaxBatchSize);
    } finally {
      mlp.dispose();
      cnn.dispose();
    }
  });

  it('refuses a convnet batch over its bound before any step, naming batchSize and the bound', async () => {
    const cnn = createMnistCnn({ seed: 1 });
    const bound = maxTrainBatchSize(cnn);
    const before = tf.memory().numTensors;
    try {
      for (const options of [
        { batchSize: 65_536 },
        { batchSize: bound + 1 },
        { batchSize: 32, validationBatchSize: bound + 1, validationData: data },
      ]) {
        const error = await train(cnn, data, { epochs: 1, seed: 1, ...options }).catch(
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(TrainerOptionError);
        const option = 'validationBatchSize' in options ? 'validationBatchSize' : 'batchSize';
        expect(error).toMatchObject({ caller: 'train', option });
        expect((error as Error).message).toContain(
          `an integer from 1 to ${bound.toLocaleString('en-US')} for this model`,
        );
        expect((error as Error).message).toContain('train with a smaller batch');
      }
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      cnn.dispose();
    }
  });

  it('trains the convnet at its bound', async () => {
    const cnn = createMnistCnn({ seed: 1 });
    const before = tf.memory().numTensors;
    try {
      const { history, optimizer } = await train(cnn, data, {
        epochs: 1,
        seed: 1,
        batchSize: maxTrainBatchSize(cnn),
      });
      expect(history.loss).toHaveLength(1);
      expect(Number.isFinite(history.loss[0])).toBe(true);
      optimizer.dispose();
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      cnn.dispose();
    }
  });
});
