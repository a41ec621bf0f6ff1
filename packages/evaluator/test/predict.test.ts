import { ExamplesError, type UnlabeledExamples } from '@mnist-wasm/dataset';
import { createMnistMlp, withSoftmax } from '@mnist-wasm/model';
import { useCpuBackend } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  argMaxRows,
  EvaluatorOptionError,
  maxBatchSize,
  predict,
  predictClasses,
  predictProbabilities,
} from '../src';
import { createTinyModel, expectedLogits, logitsOf, SPLIT, softmax } from './tiny-model';

useCpuBackend();

const expectedProbabilities = Array.from({ length: SPLIT.count }, (_, i) =>
  softmax(expectedLogits(SPLIT.features, i)),
);
const expectedClasses = expectedProbabilities.map((row) => row.indexOf(Math.max(...row)));

function expectRowsClose(actual: Float32Array, expected: number[][]) {
  expect(actual).toBeInstanceOf(Float32Array);
  expect(actual.length).toBe(expected.length * 3);
  expected.flat().forEach((p, k) => {
    expect(actual[k]).toBeCloseTo(p, 5);
  });
}

describe('predictProbabilities', () => {
  it('gives softmax(logits) row-major [n, classes] from a split, in any batch size', async () => {
    const model = createTinyModel();
    for (const batchSize of [2, 256]) {
      expectRowsClose(
        await predictProbabilities(model, SPLIT, { batchSize }),
        expectedProbabilities,
      );
    }
    model.dispose();
  });

  it('takes unlabeled examples { features, count, shape }', async () => {
    const model = createTinyModel();
    const firstThree = { features: SPLIT.features.subarray(0, 12), count: 3, shape: [2, 2] };
    expectRowsClose(
      await predictProbabilities(model, firstThree),
      expectedProbabilities.slice(0, 3),
    );
    model.dispose();
  });

  it('passes probabilities through with fromLogits: false', async () => {
    const model = createTinyModel();
    const probabilities = await predictProbabilities(withSoftmax(model), SPLIT, {
      fromLogits: false,
      batchSize: 3,
    });
    expectRowsClose(probabilities, expectedProbabilities);
    model.dispose();
  });

  it('rejects a pixel buffer that is not a whole number of images, and bad batch sizes', async () => {
    const model = createTinyModel();
    const short = { features: new Uint8Array(10), count: 3, shape: [2, 2] };
    await expect(predictProbabilities(model, short)).rejects.toThrow(ExamplesError);
    await expect(predictProbabilities(model, short)).rejects.toThrow(
      /examples\.features holds 10 values but 3 examples of shape \[2,2\] need 12/,
    );
    await expect(predictClasses(model, SPLIT, { batchSize: -1 })).rejects.toThrow(
      EvaluatorOptionError,
    );
    for (const run of [predictClasses, predictProbabilities, predict]) {
      await expect(run(model, SPLIT, { batchSize: 1e9 })).rejects.toThrow(
        /batchSize is 1000000000; use an integer from 1 to 65,536, such as 256\./,
      );
    }
    expect(await predictClasses(model, SPLIT, { batchSize: maxBatchSize })).toHaveLength(
      SPLIT.count,
    );
    model.dispose();
  });

  it('no longer takes a bare Uint8Array: it has no shape', async () => {
    const model = createTinyModel();
    const bare = SPLIT.features as unknown as UnlabeledExamples;
    await expect(predictProbabilities(model, bare)).rejects.toThrow(ExamplesError);
    await expect(predictClasses(model, bare)).rejects.toThrow(/examples\.shape is undefined/);
    model.dispose();
  });

  it('uses Float32Array features as they are, without scaling them by 1/255', async () => {
    const model = createTinyModel();
    const scaled = { ...SPLIT, features: Float32Array.from(SPLIT.features, (p) => p / 255) };
    expectRowsClose(
      await predictProbabilities(model, scaled, { batchSize: 2 }),
      expectedProbabilities,
    );
    // Values outside [0, 1] reach the model unchanged.
    const tripled = { ...scaled, features: scaled.features.map((x) => x * 3) };
    const expected = Array.from({ length: SPLIT.count }, (_, i) =>
      softmax(logitsOf(Array.from(tripled.features.subarray(i * 4, i * 4 + 4)))),
    );
    expectRowsClose(await predictProbabilities(model, tripled, { batchSize: 2 }), expected);
    expect(Array.from(await predictClasses(model, tripled))).toEqual(
      expected.map((row) => row.indexOf(Math.max(...row))),
    );
    model.dispose();
  });

  it('feeds [2, 2] examples to models of input shape [4] or [2, 2, 1]', async () => {
    for (const inputShape of [[4], [2, 2, 1]]) {
      const model = createTinyModel(inputShape);
      expectRowsClose(
        await predictProbabilities(model, SPLIT, { batchSize: 2 }),
        expectedProbabilities,
      );
      expect(Array.from(await predictClasses(model, SPLIT, { batchSize: 3 }))).toEqual(
        expectedClasses,
      );
      model.dispose();
    }
  });

  it('rejects examples of another size than the model input', async () => {
    const model = createMnistMlp({ inputShape: [5], hiddenUnits: 4, numClasses: 3 });
    await expect(predictProbabilities(model, SPLIT)).rejects.toThrow(
      /predictProbabilities: examples are of shape \[2,2\] \(4 values each\) but the model takes \[5\]/,
    );
    model.dispose();
  });
});

describe('predictClasses', () => {
  it('gives the argmax class of each image as an Int32Array', async () => {
    // The hand-computed classes are not all the same, so order and argmax are both checked.
    expect(new Set(expectedClasses).size).toBeGreaterThan(1);
    const model = createTinyModel();
    const classes = await predictClasses(model, SPLIT, { batchSize: 2 });
    expect(classes).toBeInstanceOf(Int32Array);
    expect(Array.from(classes)).toEqual(expectedClasses);
    const unlabeled = { features: SPLIT.features, count: SPLIT.count, shape: SPLIT.shape };
    expect(Array.from(await predictClasses(model, unlabeled))).toEqual(expectedClasses);
    model.dispose();
  });

  it('refuses no examples (count 0) with ExamplesError', async () => {
    const model = createTinyModel();
    const none = { features: new Uint8Array(0), count: 0, shape: [2, 2] };
    await expect(predictClasses(model, none)).rejects.toThrow(ExamplesError);
    await expect(predictProbabilities(model, none)).rejects.toThrow(/examples\.count is 0/);
    model.dispose();
  });

  it('leaves no tensors behind', async () => {
    const model = createTinyModel();
    const before = tf.memory().numTensors;
    await predictClasses(model, SPLIT, { batchSize: 2 });
    await predictProbabilities(model, SPLIT, { batchSize: 2 });
    await predictProbabilities(withSoftmax(model), SPLIT, { fromLogits: false });
    expect(tf.memory().numTensors).toBe(before);
    const flat = createTinyModel([4]);
    const afterFlat = tf.memory().numTensors;
    const scaled = { ...SPLIT, features: Float32Array.from(SPLIT.features, (p) => p / 255) };
    await predictClasses(flat, scaled, { batchSize: 2 });
    await predictProbabilities(flat, scaled, { batchSize: 4 });
    await expect(predictClasses(flat, { ...scaled, count: 6 })).rejects.toThrow(ExamplesError);
    expect(tf.memory().numTensors).toBe(afterFlat);
    flat.dispose();
    model.dispose();
  });
});

describe('argMaxRows', () => {
  it('gives the index of the largest value of each row, ties to the lowest class', () => {
    const values = new Float32Array(
      [
        [0.1, 0.7, 0.2],
        [0.5, 0.5, 0],
        [0, 0.4, 0.4],
        [1 / 3, 1 / 3, 1 / 3],
        [-3, -1, -2],
      ].flat(),
    );
    const classes = argMaxRows(values, 3);
    expect(classes).toBeInstanceOf(Int32Array);
    expect(Array.from(classes)).toEqual([1, 0, 1, 0, 1]);
    expect(Array.from(argMaxRows(new Float32Array([2, 9, 4, 9]), 1))).toEqual([0, 0, 0, 0]);
  });

  it('refuses a class count that does not divide the values into whole rows', () => {
    const values = new Float32Array(7);
    expect(() => argMaxRows(values, 3)).toThrow(EvaluatorOptionError);
    expect(() => argMaxRows(values, 3)).toThrow(
      'argMaxRows: classes is 3; use a whole number of classes that divides the 7 values into rows.',
    );
    expect(() => argMaxRows(values, 0)).toThrow(EvaluatorOptionError);
  });

  it('matches predictClasses on the probabilities of predictProbabilities', async () => {
    const model = createTinyModel();
    const probabilities = await predictProbabilities(model, SPLIT, { batchSize: 2 });
    const classes = argMaxRows(probabilities, 3);
    expect(Array.from(classes)).toEqual(Array.from(await predictClasses(model, SPLIT)));
    expect(Array.from(classes)).toEqual(expectedClasses);
    model.dispose();
  });
});

describe('predict', () => {
  it("gives each example its probabilities, class and that class's probability, in one pass", async () => {
    const model = createTinyModel();
    const probabilities = await predictProbabilities(model, SPLIT);
    const before = tf.memory().numTensors;
    const predictions = await predict(model, SPLIT, { batchSize: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(predictions).toHaveLength(SPLIT.count);
    predictions.forEach(({ predicted, probability, probabilities: row }, i) => {
      expect(Array.from(row)).toEqual(Array.from(probabilities.subarray(i * 3, i * 3 + 3)));
      expect(predicted).toBe(expectedClasses[i]);
      expect(probability).toBe(row[predicted]);
      expect(probability).toBe(Math.max(...row));
    });
    model.dispose();
  });
});
