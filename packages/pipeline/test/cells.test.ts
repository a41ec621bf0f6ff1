import { createExamples } from '@mnist-wasm/dataset';
import { evaluate } from '@mnist-wasm/evaluator';
import { useCpuBackend, weightValues } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  buildModel,
  confusion,
  describeData,
  digitPixels,
  evaluateModel,
  type FitEvent,
  fitModel,
  isKerasNotebookRun,
  KERAS_NOTEBOOK_RESULT,
  mostConfidentMistakes,
  probabilities,
  untrainedCells,
} from '../src';
import { syntheticDigits } from './synthetic-digits';

useCpuBackend();

const train = syntheticDigits(80, 1);
const test = syntheticDigits(30, 2);

/** Runs `body` and checks it leaves no tensor behind. */
async function withoutLeaks<T>(body: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await body();
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

describe('describeData', () => {
  it("gives each split's count, shape and types, and copies of the first training digits", () => {
    const data = describeData(train, test, { samples: 3 });
    expect(data.train).toEqual({
      count: 80,
      shape: [28, 28],
      featuresType: 'uint8',
      labelsType: 'uint8',
    });
    expect(data.test.count).toBe(30);
    expect(data.samples.map((sample) => sample.label)).toEqual([0, 1, 2]);
    expect(data.samples[1]!.pixels).toEqual(train.features.subarray(784, 2 * 784));
    expect(data.samples[1]!.pixels.buffer).not.toBe(train.features.buffer);
    expect(describeData(train, test, { samples: 1000 }).samples).toHaveLength(80);
    expect(describeData(train, test).samples).toEqual([]);
  });

  it('scales float32 pixels in [0, 1] to 0-255', () => {
    const floats = createExamples({
      features: Float32Array.of(0, 0.5, 1, 0.2),
      labels: Uint8Array.of(1),
      shape: [2, 2],
      numClasses: 2,
    });
    expect(Array.from(digitPixels(floats, 0))).toEqual([0, 128, 255, 51]);
    expect(describeData(floats, floats).train.featuresType).toBe('float32');
  });
});

describe('buildModel', () => {
  it('builds either kind from a seed, with its Keras code and summary', () => {
    const mlp = buildModel('mlp', { seed: 3 });
    const again = buildModel('mlp', { seed: 3 });
    const cnn = buildModel('cnn', { seed: 3 });
    expect(mlp.code).toBe(
      'model = Sequential([Flatten, Dense(128, relu), Dropout(0.2), Dense(10)])',
    );
    expect(mlp.summary).toMatch(/Model: "mnist_mlp"[\s\S]*Total params: 101,770/);
    expect(cnn.code).toMatch(/^model = Sequential\(\[Conv2D\(8, 5, relu\), MaxPool\(2\), /);
    expect(cnn.summary).toContain('mnist_cnn');
    expect(weightValues(again.model)).toEqual(weightValues(mlp.model));
    for (const built of [mlp, again, cnn]) built.model.dispose();
  });
});

describe('untrainedCells', () => {
  it("gives x_train[:1]'s logits, their softmax and the loss of its label, leaving no tensor", async () => {
    const { model } = buildModel('mlp', { seed: 1 });
    const untrained = await withoutLeaks(async () => untrainedCells(model, train));
    expect(untrained.label).toBe(0);
    expect(untrained.pixels).toEqual(train.features.subarray(0, 784));
    expect(untrained.logits).toHaveLength(10);
    const sum = untrained.probabilities.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 5);
    const expected = Array.from(untrained.logits, Math.exp).map(
      (e, _, all) => e / all.reduce((a, b) => a + b, 0),
    );
    for (const [i, p] of expected.entries()) expect(untrained.probabilities[i]).toBeCloseTo(p, 5);
    expect(untrained.loss).toBeCloseTo(-Math.log(untrained.probabilities[0]!), 4);
    expect(untrained.uniformLoss).toBeCloseTo(Math.log(10), 12);
    model.dispose();
  });
});

describe('fitModel', () => {
  it("reports each batch's own loss, accuracy and size, which average to the epoch's", async () => {
    const { model } = buildModel('mlp', { seed: 1 });
    const events: FitEvent[] = [];
    const result = await withoutLeaks(() =>
      fitModel(model, train, { epochs: 2, batchSize: 32, seed: 1 }, (event) => {
        events.push(event);
      }),
    );
    expect(
      events.map((e) => (e.type === 'batch' ? `${e.epoch}.${e.step}:${e.size}` : e.type)),
    ).toEqual([
      'epoch-begin',
      '0.0:32',
      '0.1:32',
      '0.2:16',
      'epoch-end',
      'epoch-begin',
      '1.0:32',
      '1.1:32',
      '1.2:16',
      'epoch-end',
    ]);
    for (const epoch of [0, 1]) {
      const batches = events.filter((e) => e.type === 'batch' && e.epoch === epoch);
      const mean = (key: 'loss' | 'accuracy') =>
        batches.reduce((sum, e) => sum + (e.type === 'batch' ? e[key] * e.size : 0), 0) / 80;
      expect(mean('loss')).toBeCloseTo(result.history.loss[epoch]!, 10);
      expect(mean('accuracy')).toBeCloseTo(result.history.accuracy[epoch]!, 10);
      const last = batches.at(-1)!;
      expect(last.type === 'batch' && last.epochLoss).toBeCloseTo(result.history.loss[epoch]!, 12);
      const end = events.find((e) => e.type === 'epoch-end' && e.epoch === epoch);
      expect(end?.type === 'epoch-end' && end.logs.loss).toBe(result.history.loss[epoch]);
    }
    // The CPU backend has no plan kernels: the tape trains, and says why.
    expect(result).toMatchObject({ stopped: false, step: 'tape' });
    expect(result.planRefusal).toMatch(/on backend 'cpu'/);
    expect(result.trainMs).toBeGreaterThan(0);
    model.dispose();
  });

  it('stops after the batch that sees the abort, with the history so far', async () => {
    const { model } = buildModel('mlp', { seed: 1 });
    const controller = new AbortController();
    const batches: number[] = [];
    const result = await fitModel(
      model,
      train,
      { epochs: 3, signal: controller.signal },
      (event) => {
        if (event.type !== 'batch') return;
        batches.push(event.step);
        if (event.epoch === 1 && event.step === 0) controller.abort();
      },
    );
    expect(result.stopped).toBe(true);
    expect(result.history.loss).toHaveLength(1);
    expect(batches).toEqual([0, 1, 2, 0]);
    model.dispose();
  });

  it('gives the same history for the same seed, with augmentation too', async () => {
    const run = async (augment: boolean) => {
      const { model } = buildModel('mlp', { seed: 2 });
      const { history } = await fitModel(model, train, { epochs: 1, seed: 5, augment });
      model.dispose();
      return history.loss;
    };
    const augmented = await run(true);
    expect(await run(true)).toEqual(augmented);
    expect(await run(false)).not.toEqual(augmented);
  });
});

describe('the cells after training', () => {
  async function trained(): Promise<ReturnType<typeof buildModel>['model']> {
    const { model } = buildModel('mlp', { seed: 1 });
    await fitModel(model, train, { epochs: 3, batchSize: 16, seed: 1 });
    return model;
  }

  it("evaluateModel gives the evaluator's figures, quoting the notebook's only when asked", async () => {
    const model = await trained();
    const expected = await evaluate(model, test);
    const result = await withoutLeaks(() => evaluateModel(model, test));
    expect(result).toMatchObject({
      loss: expected.loss,
      accuracy: expected.accuracy,
      count: 30,
      keras: null,
    });
    expect((await evaluateModel(model, test, { quoteKeras: true })).keras).toEqual(
      KERAS_NOTEBOOK_RESULT,
    );
    model.dispose();
  });

  it('probabilities, confusion and mostConfidentMistakes agree with each other', async () => {
    const model = await trained();
    const shown = await withoutLeaks(() => probabilities(model, test, 5));
    expect(shown).toHaveLength(5);
    for (const [i, item] of shown.entries()) {
      expect(item.label).toBe(test.labels[i]);
      expect(item.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(item.probabilities[item.predicted]).toBe(Math.max(...item.probabilities));
      expect(item.probabilities.buffer.byteLength).toBe(10 * 4);
    }
    expect(await probabilities(model, test, 100)).toHaveLength(30);

    const matrix = await withoutLeaks(() => confusion(model, test));
    const correct = matrix.counts.reduce((sum, row, c) => sum + row[c]!, 0);
    expect(matrix.counts.flat().reduce((a, b) => a + b, 0)).toBe(30);
    expect(matrix.accuracy).toBeCloseTo((await evaluateModel(model, test)).accuracy, 12);

    const mistakes = await withoutLeaks(() => mostConfidentMistakes(model, test, 3));
    expect(mistakes.total).toBe(30 - correct);
    expect(mistakes.items.length).toBe(Math.min(3, mistakes.total));
    for (const [i, item] of mistakes.items.entries()) {
      expect(item.predicted).not.toBe(item.label);
      expect(item.label).toBe(test.labels[item.index]);
      expect(item.pixels).toEqual(digitPixels(test, item.index));
      if (i > 0) expect(item.probability).toBeLessThanOrEqual(mistakes.items[i - 1]!.probability);
    }
    model.dispose();
  });

  it('finds every mistake of an untrained model, the most confident first', async () => {
    const { model } = buildModel('mlp', { seed: 4 });
    const classes = await confusion(model, test);
    const mistakes = await mostConfidentMistakes(model, test, 100);
    const wrong = 30 - classes.counts.reduce((sum, row, c) => sum + row[c]!, 0);
    expect(mistakes.total).toBe(wrong);
    expect(mistakes.items).toHaveLength(wrong);
    model.dispose();
  });
});

describe('isKerasNotebookRun', () => {
  const notebook = {
    model: 'mlp',
    epochs: 5,
    batchSize: 32,
    augment: false,
    trainCount: 60_000,
    testCount: 10_000,
  } as const;

  it("is the notebook's MLP with its settings on all of MNIST, and nothing else", () => {
    expect(isKerasNotebookRun(notebook)).toBe(true);
    for (const change of [
      { model: 'cnn' },
      { epochs: 1 },
      { batchSize: 64 },
      { augment: true },
      { trainCount: 5000 },
      { testCount: 500 },
    ] as const) {
      expect(isKerasNotebookRun({ ...notebook, ...change }), JSON.stringify(change)).toBe(false);
    }
  });
});
