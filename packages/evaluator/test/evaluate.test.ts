import { type Examples, ExamplesError } from '@mnist-wasm/dataset';
import { createMnistMlp, withSoftmax } from '@mnist-wasm/model';
import { useCpuBackend } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { EvaluatorOptionError, evaluate, maxBatchSize } from '../src';
import { createTinyModel, expectedLogits, logitsOf, SPLIT, softmax } from './tiny-model';

useCpuBackend();

// Hand computation from the known weights: per-example cross-entropy and correctness.
const perExample = Array.from({ length: SPLIT.count }, (_, i) => {
  const logits = expectedLogits(SPLIT.features, i);
  const label = SPLIT.labels[i]!;
  const predicted = logits.indexOf(Math.max(...logits));
  return { loss: -Math.log(softmax(logits)[label]!), correct: predicted === label ? 1 : 0 };
});
const expectedLoss = perExample.reduce((s, e) => s + e.loss, 0) / SPLIT.count;
const expectedAccuracy = perExample.reduce((s, e) => s + e.correct, 0) / SPLIT.count;

describe('evaluate', () => {
  it('matches the hand-computed mean loss and accuracy, whatever the batch size', async () => {
    // The examples are not all right nor all wrong, so accuracy really is tested.
    expect(expectedAccuracy).toBeGreaterThan(0);
    expect(expectedAccuracy).toBeLessThan(1);
    const model = createTinyModel();
    // 2 leaves a partial last batch of 1; 32 is one partial batch; 1 is one example per batch.
    for (const batchSize of [2, 32, 1, 5]) {
      const result = await evaluate(model, SPLIT, { batchSize });
      expect(result.count).toBe(5);
      expect(result.loss).toBeCloseTo(expectedLoss, 5);
      expect(result.accuracy).toBeCloseTo(expectedAccuracy, 10);
    }
    model.dispose();
  });

  it('weights a partial last batch by its size, not as a whole batch', async () => {
    const model = createTinyModel();
    const firstFour = perExample.slice(0, 4);
    // A per-batch mean of means would give ((l0 + l1) / 2 + (l2 + l3) / 2 + l4) / 3 instead.
    const meanOfMeans =
      ((firstFour[0]!.loss + firstFour[1]!.loss) / 2 +
        (firstFour[2]!.loss + firstFour[3]!.loss) / 2 +
        perExample[4]!.loss) /
      3;
    expect(Math.abs(meanOfMeans - expectedLoss)).toBeGreaterThan(1e-3);
    const { loss } = await evaluate(model, SPLIT, { batchSize: 2 });
    expect(loss).toBeCloseTo(expectedLoss, 5);
    model.dispose();
  });

  it('evaluates a probability model with fromLogits: false to the same loss', async () => {
    const model = createTinyModel();
    const result = await evaluate(withSoftmax(model), SPLIT, { fromLogits: false, batchSize: 3 });
    expect(result.loss).toBeCloseTo(expectedLoss, 4);
    expect(result.accuracy).toBeCloseTo(expectedAccuracy, 10);
    model.dispose();
  });

  it('leaves no tensors behind', async () => {
    const model = createTinyModel();
    const before = tf.memory().numTensors;
    await evaluate(model, SPLIT, { batchSize: 2 });
    await evaluate(model, SPLIT);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('leaves no tensors behind when the model throws half-way', async () => {
    const model = createTinyModel();
    const apply = model.apply.bind(model);
    let calls = 0;
    // The second batch fails inside the model, after the running sums exist.
    model.apply = ((inputs, kwargs) => {
      calls += 1;
      if (calls === 2) throw new Error('the model failed');
      return apply(inputs, kwargs);
    }) as typeof model.apply;
    const before = tf.memory().numTensors;
    await expect(evaluate(model, SPLIT, { batchSize: 2 })).rejects.toThrow('the model failed');
    expect(calls).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('rejects bad batch sizes, empty splits and images of another size with typed errors', async () => {
    const model = createTinyModel();
    await expect(evaluate(model, SPLIT, { batchSize: 0 })).rejects.toThrow(EvaluatorOptionError);
    await expect(evaluate(model, SPLIT, { batchSize: 1.5 })).rejects.toThrow(/batchSize/);
    // 1e9 used to reach the batch buffers; it is refused by the limit, which is accepted.
    await expect(evaluate(model, SPLIT, { batchSize: 1e9 })).rejects.toThrow(
      /^evaluate: batchSize is 1000000000; use an integer from 1 to 65,536, such as 32\./,
    );
    await expect(evaluate(model, SPLIT, { batchSize: maxBatchSize + 1 })).rejects.toThrow(
      EvaluatorOptionError,
    );
    expect((await evaluate(model, SPLIT, { batchSize: maxBatchSize })).count).toBe(SPLIT.count);
    const empty = { ...SPLIT, features: new Uint8Array(0), labels: new Uint8Array(0), count: 0 };
    await expect(evaluate(model, empty)).rejects.toThrow(ExamplesError);
    const mnistSized = createMnistMlp();
    await expect(evaluate(mnistSized, SPLIT)).rejects.toThrow(
      /data are of shape \[2,2\] \(4 values each\) but the model takes \[28,28\]/,
    );
    mnistSized.dispose();
    model.dispose();
  });

  it('uses Float32Array features as they are, without scaling them by 1/255', async () => {
    const model = createTinyModel();
    // The pixels already scaled: the same examples as the uint8 split, hence the same results.
    const scaled = { ...SPLIT, features: Float32Array.from(SPLIT.features, (p) => p / 255) };
    const result = await evaluate(model, scaled, { batchSize: 2 });
    expect(result.loss).toBeCloseTo(expectedLoss, 5);
    expect(result.accuracy).toBeCloseTo(expectedAccuracy, 10);

    // Values outside [0, 1] go to the model unchanged (x3 of the scaled pixels, computed by hand).
    const tripled = { ...SPLIT, features: scaled.features.map((x) => x * 3) };
    const tripledLoss =
      Array.from({ length: SPLIT.count }, (_, i) => {
        const logits = logitsOf(Array.from(tripled.features.subarray(i * 4, i * 4 + 4)));
        return -Math.log(softmax(logits)[SPLIT.labels[i]!]!);
      }).reduce((a, b) => a + b, 0) / SPLIT.count;
    expect(Math.abs(tripledLoss - expectedLoss)).toBeGreaterThan(1e-2);
    expect((await evaluate(model, tripled, { batchSize: 3 })).loss).toBeCloseTo(tripledLoss, 5);
    model.dispose();
  });

  it("feeds [2, 2] examples to models of input shape [4] or [2, 2, 1] in the model's shape", async () => {
    for (const inputShape of [[4], [2, 2, 1]]) {
      const model = createTinyModel(inputShape);
      const result = await evaluate(model, SPLIT, { batchSize: 2 });
      expect(result.loss).toBeCloseTo(expectedLoss, 5);
      expect(result.accuracy).toBeCloseTo(expectedAccuracy, 10);
      model.dispose();
    }
  });

  it('takes labels as Uint8Array, Uint16Array or Int32Array alike', async () => {
    const model = createTinyModel();
    for (const labels of [Uint16Array.from(SPLIT.labels), Int32Array.from(SPLIT.labels)]) {
      const result = await evaluate(model, { ...SPLIT, labels });
      expect(result.loss).toBeCloseTo(expectedLoss, 5);
      expect(result.accuracy).toBeCloseTo(expectedAccuracy, 10);
    }
    model.dispose();
  });

  it('leaves no tensors behind with float features or another input shape', async () => {
    const flat = createTinyModel([4]);
    const scaled = { ...SPLIT, features: Float32Array.from(SPLIT.features, (p) => p / 255) };
    const before = tf.memory().numTensors;
    await evaluate(flat, scaled, { batchSize: 2 });
    await evaluate(flat, SPLIT);
    await expect(evaluate(flat, { ...SPLIT, numClasses: 4 })).rejects.toThrow(ExamplesError);
    expect(tf.memory().numTensors).toBe(before);
    flat.dispose();
  });
});

describe('evaluate refuses what train refuses', () => {
  // 500 MNIST-sized examples: every pixel value and every class occurs.
  const count = 500;
  const features = Uint8Array.from({ length: count * 784 }, (_, i) => (i * 37) % 256);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  const valid: Examples = { features, labels, count, shape: [28, 28], numClasses: 10 };

  it('evaluates the well-formed examples that the cases below each break in one field', async () => {
    const model = createMnistMlp({ seed: 1 });
    const result = await evaluate(model, valid, { batchSize: 250 });
    expect(result.count).toBe(count);
    expect(Number.isFinite(result.loss)).toBe(true);
    expect(result.loss).toBeGreaterThan(0);
    model.dispose();
  });

  const refused: Array<[string, Examples, RegExp]> = [
    [
      // Used to give loss 0: the one-hot of a class the model has not is all zeros.
      'labels that are all 12 with numClasses 10',
      { ...valid, labels: new Uint8Array(count).fill(12) },
      /^evaluate: data\.labels\[0\] is 12, outside the 10 classes 0-9/,
    ],
    [
      // Used to read past the end of the features.
      'count 600 with features of 500 examples',
      { ...valid, count: 600 },
      /^evaluate: data\.features holds 392000 values but 600 examples of shape \[28,28\] need 470400/,
    ],
    [
      // Used to evaluate images shifted by one pixel.
      'features one byte short',
      { ...valid, features: features.subarray(0, count * 784 - 1) },
      /^evaluate: data\.features holds 391999 values but 500 examples of shape \[28,28\] need 392000/,
    ],
    [
      'numClasses larger than the model outputs',
      { ...valid, numClasses: 12 },
      /^evaluate: data.numClasses is 12 but the model scores 10 classes/,
    ],
    [
      'labels fewer than count',
      { ...valid, labels: labels.subarray(0, count - 1) },
      /^evaluate: data\.labels holds 499 labels but count is 500/,
    ],
    [
      'a NaN float feature',
      { ...valid, features: Float32Array.from(features, (p, i) => (i === 3 ? Number.NaN : p)) },
      /^evaluate: data\.features\[3\] is NaN/,
    ],
  ];
  for (const [name, data, message] of refused) {
    it(`refuses ${name} with ExamplesError`, async () => {
      const model = createMnistMlp({ seed: 1 });
      const before = tf.memory().numTensors;
      const error = await evaluate(model, data).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExamplesError);
      expect((error as Error).message).toMatch(message);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    });
  }
});
