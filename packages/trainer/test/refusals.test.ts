import { type Examples, ExamplesError, type MnistSplit, sliceExamples } from '@mnist-wasm/dataset';
import { evaluate } from '@mnist-wasm/evaluator';
import { createMnistMlp, UnsupportedModelError } from '@mnist-wasm/model';
import { weightValues } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { train } from '../src';
import { setupWasmMnist } from './wasm-mnist';

/** The first 500 MNIST training examples, and their features as floats. */
let valid: MnistSplit;

beforeAll(async () => {
  valid = sliceExamples((await setupWasmMnist()).train, 0, 500);
});

/** Whether the model's weights are still exactly `weights` (cheaper than a deep toEqual). */
function unchanged(model: tfl.LayersModel, weights: Float32Array[]): boolean {
  const now = weightValues(model);
  return (
    now.length === weights.length &&
    now.every(
      (w, i) =>
        Buffer.compare(
          Buffer.from(w.buffer, w.byteOffset, w.byteLength),
          Buffer.from(weights[i]!.buffer, weights[i]!.byteOffset, weights[i]!.byteLength),
        ) === 0,
    )
  );
}

/** What `run` throws (or undefined), with the number of tensors it left. */
async function failure(run: () => Promise<unknown>) {
  const before = tf.memory().numTensors;
  const error = await run().then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  return { error, leaked: tf.memory().numTensors - before };
}

describe('train and evaluate refuse the same examples with the same ExamplesError', () => {
  // Each case breaks one field of 500 valid MNIST examples; the message names that field.
  const cases: Array<[string, () => Examples, RegExp]> = [
    [
      // evaluate used to give loss 0 for them.
      'labels that are all 12 with numClasses 10',
      () => ({ ...valid, labels: new Uint8Array(500).fill(12) }),
      /data\.labels\[0\] is 12, outside the 10 classes 0-9/,
    ],
    [
      // evaluate used to read past the data.
      'count 600 with 500 examples of features',
      () => ({ ...valid, count: 600 }),
      /data\.features holds 392000 values but 600 examples of shape \[28,28\] need 470400/,
    ],
    [
      // evaluate used to evaluate images shifted by one pixel.
      'a features buffer one byte short',
      () => ({ ...valid, features: valid.features.subarray(0, 500 * 784 - 1) }),
      /data\.features holds 391999 values but 500 examples of shape \[28,28\] need 392000/,
    ],
    [
      'numClasses larger than the model outputs',
      () => ({ ...valid, numClasses: 11 }),
      /data.numClasses is 11 but the model scores 10 classes/,
    ],
    [
      'labels of another length than count',
      () => ({ ...valid, labels: valid.labels.subarray(0, 499) }),
      /data\.labels holds 499 labels but count is 500/,
    ],
    [
      'an infinite float feature',
      () => ({
        ...valid,
        features: Float32Array.from(valid.features, (p, i) => (i === 9 ? 1 / 0 : p / 255)),
      }),
      /data\.features\[9\] is Infinity; features must be finite/,
    ],
    [
      'labels in a Float32Array',
      () => ({ ...valid, labels: Float32Array.from(valid.labels) as unknown as Uint8Array }),
      /data\.labels is a Float32Array; use a Uint8Array, Uint16Array or Int32Array/,
    ],
    [
      'features of another shape than the model input',
      () => ({ ...valid, features: valid.features.subarray(0, 500 * 196), shape: [14, 14] }),
      /data are of shape \[14,14\] \(196 values each\) but the model takes \[28,28\]/,
    ],
  ];

  for (const [name, make, message] of cases) {
    it(`refuses ${name}`, async () => {
      const model = createMnistMlp({ seed: 41 });
      const weights = weightValues(model);
      const data = make();
      const evaluated = await failure(() => evaluate(model, data));
      const trained = await failure(() => train(model, data, { epochs: 1, seed: 1 }));
      for (const { error, leaked } of [evaluated, trained]) {
        expect(error).toBeInstanceOf(ExamplesError);
        expect(error!.message).toMatch(message);
        expect(leaked).toBe(0);
      }
      expect(evaluated.error!.message.startsWith('evaluate: ')).toBe(true);
      expect(trained.error!.message.replace(/^train: /, 'evaluate: ')).toBe(
        evaluated.error!.message,
      );
      // Refused before any step: the model is untouched.
      expect(unchanged(model, weights)).toBe(true);

      // As validation data the same examples are refused, by that name, before training.
      const asValidation = await failure(() =>
        train(model, valid, { epochs: 1, seed: 1, validationData: data }),
      );
      expect(asValidation.error).toBeInstanceOf(ExamplesError);
      expect(asValidation.error!.message).toMatch(
        new RegExp(`^train: ${message.source.replace(/^data/, 'validationData')}`),
      );
      expect(asValidation.leaked).toBe(0);
      expect(unchanged(model, weights)).toBe(true);
      model.dispose();
    });
  }

  it('trains and evaluates the valid examples the cases above break', async () => {
    const model = createMnistMlp({ seed: 41 });
    const weights = weightValues(model);
    const { history, optimizer } = await train(model, valid, { epochs: 1, seed: 1 });
    // Training does change the weights: the cases' unchanged weights are no vacuous check.
    expect(unchanged(model, weights)).toBe(false);
    const result = await evaluate(model, valid);
    expect(history.loss).toHaveLength(1);
    expect(result.count).toBe(500);
    expect(result.loss).toBeGreaterThan(0);
    optimizer.dispose();
    model.dispose();
  });
});

describe('train and evaluate refuse a model that is not a classifier', () => {
  it('refuses a model of two outputs with UnsupportedModelError', async () => {
    const input = tfl.input({ shape: [28, 28] });
    const flat = tfl.layers.flatten().apply(input);
    const model = tfl.model({
      inputs: input,
      outputs: [
        tfl.layers.dense({ units: 10 }).apply(flat) as tfl.SymbolicTensor,
        tfl.layers.dense({ units: 10 }).apply(flat) as tfl.SymbolicTensor,
      ],
    });
    const evaluated = await failure(() => evaluate(model, valid));
    const trained = await failure(() => train(model, valid, { epochs: 1 }));
    for (const { error, leaked } of [evaluated, trained]) {
      expect(error).toBeInstanceOf(UnsupportedModelError);
      expect(error!.message).toMatch(/the model has 1 inputs and 2 outputs/);
      expect(leaked).toBe(0);
    }
    model.dispose();
  });
});
