import { type MnistSplit, sliceExamples } from '@mnist-wasm/dataset';
import { evaluate } from '@mnist-wasm/evaluator';
import { createMnistMlp } from '@mnist-wasm/model';
import { weightValues } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BatchEndInfo, FusedAdam, NonFiniteLossError, train } from '../src';
import { setupWasmMnist } from './wasm-mnist';

let trainSplit: MnistSplit;
let testSplit: MnistSplit;

beforeAll(async () => {
  ({ train: trainSplit, test: testSplit } = await setupWasmMnist());
});

describe('train', () => {
  it('learns: one epoch on 6,000 images reaches >= 0.85 test accuracy', async () => {
    const model = createMnistMlp({ seed: 1 });
    const { history, optimizer } = await train(model, sliceExamples(trainSplit, 0, 6000), {
      epochs: 1,
      seed: 1,
    });
    const result = await evaluate(model, sliceExamples(testSplit, 0, 1000), { batchSize: 500 });
    expect(result.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(history.loss).toHaveLength(1);
    expect(history.accuracy[0]).toBeGreaterThan(0.5);
    expect(history.aborted).toBeNull();
    optimizer.dispose();
    model.dispose();
  });

  it('gives identical histories for equal seeds and different ones for different seeds', async () => {
    const data = sliceExamples(trainSplit, 0, 320);
    const run = async (seed: number) => {
      const model = createMnistMlp({ seed: 7 });
      const { history, optimizer } = await train(model, data, { epochs: 2, seed });
      const weights = weightValues(model);
      optimizer.dispose();
      model.dispose();
      return { history, weights };
    };
    const first = await run(3);
    const again = await run(3);
    const other = await run(4);
    expect(again.history).toEqual(first.history);
    expect(again.weights).toEqual(first.weights);
    expect(other.history.loss).not.toEqual(first.history.loss);
  });

  it('stops at the end of the batch when the signal is aborted, leaving a usable model', async () => {
    const model = createMnistMlp({ seed: 2 });
    const controller = new AbortController();
    const steps: number[] = [];
    const { history, optimizer } = await train(model, sliceExamples(trainSplit, 0, 320), {
      epochs: 3,
      seed: 2,
      signal: controller.signal,
      callbacks: {
        onBatchEnd: ({ step }) => {
          steps.push(step);
          if (step === 3) controller.abort();
        },
      },
    });
    expect(steps).toEqual([0, 1, 2, 3]);
    expect(history.aborted).toEqual({ epoch: 0, step: 3 });
    expect(history.loss).toEqual([]);
    const logits = model.predict(tf.zeros([2, 28, 28])) as tf.Tensor;
    expect(logits.shape).toEqual([2, 10]);
    expect(Array.from(logits.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose(logits);
    optimizer.dispose();
    model.dispose();
  });

  it('adds no tensors beyond the optimizer state, and none when continuing with it', async () => {
    const model = createMnistMlp({ seed: 3 });
    const data = sliceExamples(trainSplit, 0, 96);
    const before = tf.memory().numTensors;
    const { optimizer } = await train(model, data, { epochs: 1, seed: 1, validationData: data });
    // The default (fused) Adam keeps two moments per trainable variable.
    expect(optimizer).toBeInstanceOf(FusedAdam);
    expect(tf.memory().numTensors).toBe(before + 2 * model.trainableWeights.length);
    const afterFirst = tf.memory().numTensors;
    await train(model, data, { epochs: 1, seed: 2, optimizer });
    expect(tf.memory().numTensors).toBe(afterFirst);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  // Updates that diverge are undone: test/divergence.test.ts.
  it('reports a poisoned weight at epoch 0, step 0 and keeps the weights as they were', async () => {
    const model = createMnistMlp({ seed: 5 });
    const logitsLayer = model.layers.at(-1)!;
    const poisoned = tf.tensor1d([Number.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    logitsLayer.setWeights([logitsLayer.getWeights()[0]!, poisoned]);
    poisoned.dispose();
    const kernelBefore = model.layers[1]!.getWeights()[0]!.dataSync().slice();
    const error = await train(model, sliceExamples(trainSplit, 0, 64), { seed: 1 }).catch((e) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect(error).toMatchObject({ epoch: 0, step: 0 });
    expect(model.layers[1]!.getWeights()[0]!.dataSync()).toEqual(kernelBefore);
    model.dispose();
  });

  it('calls the callbacks in order with their arguments, awaiting async ones', async () => {
    const model = createMnistMlp({ seed: 6 });
    const events: string[] = [];
    const batches: BatchEndInfo[] = [];
    const epochLoss: number[] = [];
    const { history, optimizer } = await train(model, sliceExamples(trainSplit, 0, 80), {
      epochs: 2,
      seed: 1,
      callbacks: {
        onEpochBegin: async (epoch) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          events.push(`begin ${epoch}`);
        },
        onBatchEnd: (info) => {
          events.push(`batch ${info.epoch}.${info.step}/${info.steps}`);
          batches.push(info);
        },
        onEpochEnd: (epoch, logs) => {
          events.push(`end ${epoch}`);
          epochLoss.push(logs.loss);
        },
      },
    });
    expect(events).toEqual([
      'begin 0',
      'batch 0.0/3',
      'batch 0.1/3',
      'batch 0.2/3',
      'end 0',
      'begin 1',
      'batch 1.0/3',
      'batch 1.1/3',
      'batch 1.2/3',
      'end 1',
    ]);
    // Batches of 32, 32 and 16: the epoch's loss is the size-weighted running mean at its end.
    expect(batches[2]!.loss).toBeCloseTo(history.loss[0]!, 12);
    expect(batches[5]!.accuracy).toBeCloseTo(history.accuracy[1]!, 12);
    expect(epochLoss).toEqual(history.loss);
    for (const batch of batches) expect(batch.msPerStep).toBeGreaterThan(0);
    expect(batches.map((batch) => batch.batchSize)).toEqual([32, 32, 16, 32, 32, 16]);
    // Each batch's own values, weighted by its size, average to the epoch's logged metrics.
    for (const epoch of [0, 1]) {
      const own = batches.filter((batch) => batch.epoch === epoch);
      const mean = (key: 'batchLoss' | 'batchAccuracy') =>
        own.reduce((sum, batch) => sum + batch[key] * batch.batchSize, 0) / 80;
      expect(mean('batchLoss')).toBeCloseTo(history.loss[epoch]!, 12);
      expect(mean('batchAccuracy')).toBeCloseTo(history.accuracy[epoch]!, 12);
      for (const batch of own) {
        expect(batch.batchAccuracy).toBeGreaterThanOrEqual(0);
        expect(batch.batchAccuracy).toBeLessThanOrEqual(1);
      }
    }
    optimizer.dispose();
    model.dispose();
  });

  it('validates on the end of the data with validationSplit, as Keras does', async () => {
    const model = createMnistMlp({ seed: 8 });
    const data = sliceExamples(trainSplit, 0, 128);
    const { history, optimizer } = await train(model, data, {
      epochs: 2,
      seed: 1,
      validationSplit: 0.25,
    });
    expect(history.valLoss).toHaveLength(2);
    const heldOut = await evaluate(model, sliceExamples(trainSplit, 96, 128));
    expect(history.valLoss[1]).toBeCloseTo(heldOut.loss, 5);
    expect(history.valAccuracy[1]).toBeCloseTo(heldOut.accuracy, 10);
    optimizer.dispose();
    model.dispose();
  });

  it('validates on validationData after every epoch', async () => {
    const model = createMnistMlp({ seed: 9 });
    const validationData = sliceExamples(testSplit, 0, 64);
    const { history, optimizer } = await train(model, sliceExamples(trainSplit, 0, 64), {
      epochs: 2,
      seed: 1,
      validationData,
    });
    const after = await evaluate(model, validationData);
    expect(history.valLoss).toHaveLength(2);
    expect(history.valAccuracy).toHaveLength(2);
    expect(history.valLoss[1]).toBeCloseTo(after.loss, 5);
    optimizer.dispose();
    model.dispose();
  });
});
