import { createExamples, type Examples, type MnistSplit, sliceExamples } from '@mnist-wasm/dataset';
import {
  argMaxRows,
  confusionMatrix,
  evaluate,
  predictClasses,
  predictProbabilities,
} from '@mnist-wasm/evaluator';
import { createMnistMlp } from '@mnist-wasm/model';
import { weightValues } from '@mnist-wasm/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { train } from '../src';
import { setupWasmMnist } from './wasm-mnist';

let trainSplit: MnistSplit;
let testSplit: MnistSplit;

beforeAll(async () => {
  ({ train: trainSplit, test: testSplit } = await setupWasmMnist());
});

/** The examples of `split` whose digit is below `classes`, relabelled as `classes` classes. */
function firstDigits(split: MnistSplit, end: number, classes: number): Examples {
  const kept: number[] = [];
  for (let i = 0; i < end; i++) if (split.labels[i]! < classes) kept.push(i);
  const features = new Uint8Array(kept.length * 784);
  kept.forEach((index, k) => {
    features.set(split.features.subarray(index * 784, (index + 1) * 784), k * 784);
  });
  return createExamples({
    features,
    labels: Uint8Array.from(kept, (index) => split.labels[index]!),
    shape: [28, 28],
    numClasses: classes,
  });
}

describe('models of other input shapes, trained on MNIST splits as they are', () => {
  const shapes = [[28, 28], [784], [28, 28, 1]];
  for (const inputShape of shapes) {
    it(`trains and evaluates a model of inputShape [${inputShape}] on [28, 28] examples`, async () => {
      const model = createMnistMlp({ inputShape, seed: 31 });
      expect(model.inputs[0]!.shape).toEqual([null, ...inputShape]);
      const { history, optimizer } = await train(model, sliceExamples(trainSplit, 0, 2000), {
        epochs: 4,
        seed: 31,
      });
      const test = sliceExamples(testSplit, 0, 1000);
      const result = await evaluate(model, test, { batchSize: 500 });
      expect(result.accuracy).toBeGreaterThan(0.8);
      expect(history.loss[3]).toBeLessThan(history.loss[0]!);

      // argMaxRows of the probabilities are the predicted classes, and their accuracy evaluate's.
      const probabilities = await predictProbabilities(model, test, { batchSize: 300 });
      expect(probabilities).toHaveLength(1000 * 10);
      for (const row of [0, 999]) {
        const sum = probabilities.subarray(row * 10, row * 10 + 10).reduce((a, b) => a + b, 0);
        expect(sum).toBeCloseTo(1, 5);
      }
      const predicted = await predictClasses(model, test, { batchSize: 256 });
      expect(argMaxRows(probabilities, 10)).toEqual(predicted);
      expect(confusionMatrix(test.labels, predicted).accuracy).toBeCloseTo(result.accuracy, 10);

      optimizer.dispose();
      model.dispose();
    });
  }

  it('trains the three shapes alike: same seed, same weights, same history', async () => {
    // Flatten (or its absence for [784]) changes nothing but the shape: the runs are identical.
    const data = sliceExamples(trainSplit, 0, 320);
    const runs = [];
    for (const inputShape of shapes) {
      const model = createMnistMlp({ inputShape, seed: 34 });
      const { history, optimizer } = await train(model, data, { epochs: 2, seed: 34 });
      runs.push({ history, weights: weightValues(model) });
      optimizer.dispose();
      model.dispose();
    }
    const [reference, ...others] = runs;
    expect(reference!.history.loss[1]).toBeLessThan(reference!.history.loss[0]!);
    for (const run of others) {
      expect(run.history).toEqual(reference!.history);
      expect(run.weights).toEqual(reference!.weights);
    }
  });
});

describe('a 3-class model', () => {
  it('trains on the digits 0-2 as examples of numClasses 3 and beats chance clearly', async () => {
    const trainDigits = firstDigits(trainSplit, 3000, 3);
    const testDigits = firstDigits(testSplit, 1000, 3);
    expect(trainDigits.numClasses).toBe(3);
    expect(new Set(trainDigits.labels)).toEqual(new Set([0, 1, 2]));
    const model = createMnistMlp({ numClasses: 3, hiddenUnits: 32, seed: 32 });
    const { history, optimizer } = await train(model, trainDigits, {
      epochs: 2,
      seed: 32,
      validationData: testDigits,
    });
    const result = await evaluate(model, testDigits, { batchSize: 100 });
    // Chance is 1/3.
    expect(result.accuracy).toBeGreaterThan(0.9);
    expect(history.valAccuracy[1]).toBeCloseTo(result.accuracy, 10);
    const probabilities = await predictProbabilities(model, testDigits);
    expect(probabilities).toHaveLength(testDigits.count * 3);
    const predicted = await predictClasses(model, testDigits);
    expect(predicted.every((c) => c >= 0 && c < 3)).toBe(true);
    expect(argMaxRows(probabilities, 3)).toEqual(predicted);
    optimizer.dispose();
    model.dispose();
  });

  it('evaluates 3-class examples on a 10-class model, which scores more classes than they use', async () => {
    const model = createMnistMlp({ seed: 33 });
    const { optimizer } = await train(model, sliceExamples(trainSplit, 0, 2000), {
      epochs: 3,
      seed: 33,
    });
    const testDigits = firstDigits(testSplit, 1000, 3);
    const result = await evaluate(model, testDigits);
    const predicted = await predictClasses(model, testDigits);
    // Argmax over all 10 outputs: a 0-2 digit predicted as 7 counts as wrong.
    const correct = predicted.filter((c, i) => c === testDigits.labels[i]).length;
    expect(result.accuracy).toBeCloseTo(correct / testDigits.count, 10);
    expect(result.accuracy).toBeGreaterThan(0.8);
    optimizer.dispose();
    model.dispose();
  });
});
