import {
  createExamples,
  type Examples,
  gatherBatch,
  type MnistSplit,
  sliceExamples,
} from '@mnist-wasm/dataset';
import { evaluate, predictClasses, predictProbabilities } from '@mnist-wasm/evaluator';
import { createMnistMlp, planModel } from '@mnist-wasm/model';
import { weightValues } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { train } from '../src';
import { digits8x8, SIDE } from './digits-8x8';
import { setupWasmMnist } from './wasm-mnist';

let mnist: { train: MnistSplit; test: MnistSplit };
/** 2,000 training and 1,000 test digits, 8x8 floats in [0, 1]. */
let trainDigits: Examples;
let testDigits: Examples;

beforeAll(async () => {
  mnist = await setupWasmMnist();
  trainDigits = digits8x8(mnist.train, 0, 2000);
  testDigits = digits8x8(mnist.test, 0, 1000);
});

/** A functional (non-Sequential) classifier of 8x8 inputs with a tanh hidden layer. */
function functionalClassifier(seed: number): tfl.LayersModel {
  const input = tfl.input({ shape: [SIDE, SIDE] });
  const flat = tfl.layers.flatten().apply(input);
  const hidden = tfl.layers
    .dense({
      units: 32,
      activation: 'tanh',
      kernelInitializer: tfl.initializers.glorotUniform({ seed }),
    })
    .apply(flat);
  const logits = tfl.layers
    .dense({ units: 10, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) })
    .apply(hidden) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits });
}

describe('8x8 float digits', () => {
  it('are area averages of the MNIST images: floats in [0, 1] of the same total intensity', () => {
    const features = trainDigits.features as Float32Array;
    expect(features).toBeInstanceOf(Float32Array);
    expect(trainDigits.shape).toEqual([8, 8]);
    const max = features.reduce((a, b) => Math.max(a, b), 0);
    expect(features.every((x) => x >= 0)).toBe(true);
    expect(max).toBeLessThanOrEqual(1);
    expect(max).toBeGreaterThan(0.9);
    for (const n of [0, 1, 1999]) {
      const small = features.subarray(n * 64, (n + 1) * 64).reduce((a, b) => a + b, 0);
      const large = mnist.train.features
        .subarray(n * 784, (n + 1) * 784)
        .reduce((a, b) => a + b, 0);
      // 64 pixels that each average 12.25 of the 784.
      expect(small * 12.25).toBeCloseTo(large / 255, 2);
    }
  });
});

describe('train and evaluate on Float32Array features', () => {
  it('learns 8x8 float digits with the notebook MLP: the loss falls, accuracy beats chance', async () => {
    const model = createMnistMlp({ inputShape: [SIDE, SIDE], hiddenUnits: 64, seed: 1 });
    const before = await evaluate(model, testDigits, { batchSize: 500 });
    const { history, optimizer, step } = await train(model, trainDigits, {
      epochs: 5,
      seed: 1,
      learningRate: 0.005,
      validationData: testDigits,
    });
    const after = await evaluate(model, testDigits, { batchSize: 500 });
    expect(step).toBe('plan');
    expect(history.loss).toHaveLength(5);
    expect(history.loss[4]).toBeLessThan(history.loss[0]! * 0.6);
    expect(after.loss).toBeLessThan(before.loss * 0.5);
    // Chance is 0.1.
    expect(after.accuracy).toBeGreaterThan(0.75);
    expect(history.valAccuracy[4]).toBeCloseTo(after.accuracy, 10);
    optimizer.dispose();
    model.dispose();
  });

  it('trains a functional model (the tape step) on float features', async () => {
    const model = functionalClassifier(2);
    expect(model.getClassName()).not.toBe('Sequential');
    expect(planModel(model).plan).toBeNull();
    const before = await evaluate(model, testDigits, { batchSize: 500 });
    const { history, optimizer, step, planRefusal } = await train(model, trainDigits, {
      epochs: 5,
      seed: 2,
      learningRate: 0.005,
    });
    expect(step).toBe('tape');
    expect(planRefusal).toMatch(/only Sequential models/);
    const after = await evaluate(model, testDigits, { batchSize: 500 });
    expect(history.loss[4]).toBeLessThan(history.loss[0]! * 0.6);
    expect(after.loss).toBeLessThan(before.loss * 0.5);
    expect(after.accuracy).toBeGreaterThan(0.75);
    // Predictions agree with the evaluation.
    const predicted = await predictClasses(model, testDigits, { batchSize: 300 });
    const correct = predicted.filter((c, i) => c === testDigits.labels[i]).length;
    expect(correct / testDigits.count).toBeCloseTo(after.accuracy, 10);
    optimizer.dispose();
    model.dispose();
  });

  it('gives the same batches and the same training for uint8 features as for them / 255 in floats', async () => {
    // The 8x8 digits rounded to bytes, and those bytes / 255 as floats.
    const bytes = Uint8Array.from(trainDigits.features, (x) => Math.round(x * 255));
    const asBytes = createExamples({ ...trainDigits, features: bytes });
    const asFloats = createExamples({
      ...trainDigits,
      features: Float32Array.from(bytes, (b) => b / 255),
    });
    const indices = Int32Array.from([1999, 0, 7, 7, 1234]);
    const fromBytes = gatherBatch(asBytes, indices);
    const fromFloats = gatherBatch(asFloats, indices);
    expect(fromBytes.features).toEqual(fromFloats.features);
    expect(fromBytes.labels).toEqual(fromFloats.labels);
    expect(fromBytes.size).toBe(5);
    // Not all zero: the comparison covers real pixels.
    expect(fromBytes.features.some((x) => x > 0.5)).toBe(true);

    const run = async (data: Examples, makeModel: () => tfl.LayersModel) => {
      const model = makeModel();
      const { history, optimizer } = await train(model, sliceExamples(data, 0, 500), {
        epochs: 2,
        seed: 3,
      });
      const weights = weightValues(model);
      optimizer.dispose();
      model.dispose();
      return { history, weights };
    };
    for (const makeModel of [
      () => createMnistMlp({ inputShape: [SIDE, SIDE], hiddenUnits: 32, seed: 3 }),
      () => functionalClassifier(3),
    ]) {
      const bytesRun = await run(asBytes, makeModel);
      const floatsRun = await run(asFloats, makeModel);
      expect(floatsRun.history).toEqual(bytesRun.history);
      expect(floatsRun.weights).toEqual(bytesRun.weights);
    }
  });

  it('adds no tensors across train, evaluate and predict beyond the optimizer state', async () => {
    const data = sliceExamples(trainDigits, 0, 200);
    for (const model of [
      functionalClassifier(4),
      createMnistMlp({ inputShape: [64], hiddenUnits: 16, seed: 4 }),
    ]) {
      const before = tf.memory().numTensors;
      const { optimizer } = await train(model, data, {
        epochs: 2,
        seed: 4,
        validationSplit: 0.2,
      });
      const withState = before + 2 * model.trainableWeights.length;
      expect(tf.memory().numTensors).toBe(withState);
      await train(model, data, { epochs: 1, seed: 5, optimizer, validationData: testDigits });
      await evaluate(model, testDigits, { batchSize: 300 });
      await predictProbabilities(model, testDigits, { batchSize: 300 });
      await predictClasses(model, data);
      expect(tf.memory().numTensors).toBe(withState);
      optimizer.dispose();
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    }
  });
});
