import { withSoftmax } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  EvaluationInputError,
  InvalidEvaluatorOptionError,
  predictClasses,
  predictProbabilities,
} from '../src';
import { useCpuBackend } from '@mnist-wasm/test-utils';
import { createTinyModel, expectedLogits, SPLIT, softmax } from './tiny-model';

useCpuBackend();

const expectedProbabilities = Array.from({ length: SPLIT.count }, (_, i) =>
  softmax(expectedLogits(SPLIT.images, i)),
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

  it('takes a Uint8Array of n * pixels-per-image pixels', async () => {
    const model = createTinyModel();
    const firstThree = SPLIT.images.subarray(0, 12);
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
    await expect(predictProbabilities(model, new Uint8Array(10))).rejects.toThrow(
      EvaluationInputError,
    );
    await expect(predictProbabilities(model, new Uint8Array(10))).rejects.toThrow(/10 pixels/);
    await expect(predictClasses(model, SPLIT, { batchSize: -1 })).rejects.toThrow(
      InvalidEvaluatorOptionError,
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
    expect(Array.from(await predictClasses(model, SPLIT.images))).toEqual(expectedClasses);
    model.dispose();
  });

  it('returns empty arrays for no images', async () => {
    const model = createTinyModel();
    expect((await predictClasses(model, new Uint8Array(0))).length).toBe(0);
    expect((await predictProbabilities(model, new Uint8Array(0))).length).toBe(0);
    model.dispose();
  });

  it('leaves no tensors behind', async () => {
    const model = createTinyModel();
    const before = tf.memory().numTensors;
    await predictClasses(model, SPLIT, { batchSize: 2 });
    await predictProbabilities(model, SPLIT, { batchSize: 2 });
    await predictProbabilities(withSoftmax(model), SPLIT, { fromLogits: false });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
