import { createMnistMlp, withSoftmax } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { EvaluationInputError, evaluate, InvalidEvaluatorOptionError } from '../src';
import { useCpuBackend } from '@mnist-wasm/test-utils';
import { createTinyModel, expectedLogits, SPLIT, softmax } from './tiny-model';

useCpuBackend();

// Hand computation from the known weights: per-example cross-entropy and correctness.
const perExample = Array.from({ length: SPLIT.count }, (_, i) => {
  const logits = expectedLogits(SPLIT.images, i);
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

  it('rejects bad batch sizes, empty splits and images of another size with typed errors', async () => {
    const model = createTinyModel();
    await expect(evaluate(model, SPLIT, { batchSize: 0 })).rejects.toThrow(
      InvalidEvaluatorOptionError,
    );
    await expect(evaluate(model, SPLIT, { batchSize: 1.5 })).rejects.toThrow(/batchSize/);
    const empty = { ...SPLIT, images: new Uint8Array(0), labels: new Uint8Array(0), count: 0 };
    await expect(evaluate(model, empty)).rejects.toThrow(EvaluationInputError);
    const mnistSized = createMnistMlp();
    await expect(evaluate(mnistSized, SPLIT)).rejects.toThrow(/2x2 .* \[28,28\]/);
    mnistSized.dispose();
    model.dispose();
  });
});
