import {
  createExamples,
  type Examples,
  gatherFeatures,
  type MnistSplit,
  range,
  sliceExamples,
} from '@mnist-wasm/dataset';
import { evaluate } from '@mnist-wasm/evaluator';
import { createMnistMlp } from '@mnist-wasm/model';
import { weightValues } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AUGMENT_DEFAULTS,
  type AugmentOptions,
  createAugmenter,
  TrainerOptionError,
  type TrainOptions,
  train,
} from '../src';
import { augmentBatch, createAugmentScratch, resolveAugmentOptions } from '../src/augment';
import { SeededRandom } from '../src/random';
import { setupWasmMnist } from './wasm-mnist';

let trainSplit: MnistSplit;
let testSplit: MnistSplit;

beforeAll(async () => {
  ({ train: trainSplit, test: testSplit } = await setupWasmMnist());
});

describe('augmentBatch', () => {
  const resolved = resolveAugmentOptions({})!;

  it('is deterministic for a random state, changes the images, keeps them in [0, 1] and keeps the ink', () => {
    const original = gatherFeatures(trainSplit, range(0, 64));
    const run = (seed: number, options = resolved) => {
      const batch = original.slice();
      augmentBatch(batch, 64, 28, 28, new SeededRandom(seed), options, createAugmentScratch());
      return batch;
    };
    const first = run(1);
    expect(run(1)).toEqual(first);
    expect(run(2)).not.toEqual(first);
    const elastic = run(1, resolveAugmentOptions({ elastic: {} })!);
    for (const [batch, low, high] of [
      // Scale 0.9-1.1 changes the area by 0.81-1.21; a 2 px shift moves no digit out of frame.
      [first, 0.75, 1.3],
      // Elastic distortion stretches and squeezes thin strokes locally: per image the ink varies
      // more (0.65-1.69 on these), on average it stays.
      [elastic, 0.5, 2],
    ] as const) {
      let ratios = 0;
      for (let n = 0; n < 64; n++) {
        const image = batch.subarray(n * 784, (n + 1) * 784);
        const before = original.subarray(n * 784, (n + 1) * 784);
        expect(image).not.toEqual(before);
        expect(Math.min(...image)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...image)).toBeLessThanOrEqual(1);
        const ratio = image.reduce((s, v) => s + v, 0) / before.reduce((s, v) => s + v, 0);
        expect(ratio).toBeGreaterThan(low);
        expect(ratio).toBeLessThan(high);
        ratios += ratio;
      }
      expect(ratios / 64).toBeGreaterThan(0.9);
      expect(ratios / 64).toBeLessThan(1.15);
    }
  });

  it('reuses its scratch buffers: no allocation once grown', () => {
    const scratch = createAugmentScratch();
    const batch = gatherFeatures(trainSplit, range(0, 8));
    const random = new SeededRandom(5);
    augmentBatch(batch, 8, 28, 28, random, resolved, scratch);
    const { padded, map, box } = scratch;
    augmentBatch(batch, 8, 28, 28, random, resolved, scratch);
    expect(scratch.padded).toBe(padded);
    expect(scratch.map).toBe(map);
    expect(scratch.box).toBe(box);
  });

  it('createAugmenter reproduces a seed and checks its arguments', () => {
    const original = gatherFeatures(trainSplit, range(0, 4));
    const run = () => {
      const batch = original.slice();
      createAugmenter({ height: 28, width: 28, seed: 9 })(batch, 4);
      return batch;
    };
    expect(run()).toEqual(run());
    expect(() => createAugmenter({ height: 0, width: 28 })).toThrow(
      /^createAugmenter: height is 0; use an integer >= 1\./,
    );
    expect(() => createAugmenter({ height: 28, width: 28 })(original, 5)).toThrow(
      /createAugmenter: count is 5; use an integer from 0 to 4/,
    );
  });
});

describe('train with augment: options', () => {
  const rejected: Array<[string, AugmentOptions | unknown, RegExp]> = [
    ['augment', 5, /^train: augment is 5; use an object of augment options/],
    [
      'augment.rotation',
      { rotation: -1 },
      /^train: augment.rotation is -1; use a number of degrees from 0 to 180\./,
    ],
    ['augment.rotation', { rotation: 181 }, /augment.rotation is 181/],
    ['augment.rotation', { rotation: Number.NaN }, /augment.rotation is NaN/],
    [
      'augment.scale',
      { scale: 1 },
      /^train: augment.scale is 1; use a relative change from 0 to 0.9, or a pair \[min, max\]/,
    ],
    ['augment.scale', { scale: [0.05, 1.2] }, /augment.scale is \[0.05, 1.2\]/],
    ['augment.scale', { scale: [1.2, 1.1] }, /augment.scale is \[1.2, 1.1\]/],
    [
      'augment.shift',
      { shift: -2 },
      /^train: augment.shift is -2; use a finite number of pixels >= 0\./,
    ],
    ['augment.shift', { shift: Number.POSITIVE_INFINITY }, /augment.shift is Infinity/],
    [
      'augment.shear',
      { shear: 61 },
      /^train: augment.shear is 61; use a number of degrees from 0 to 60\./,
    ],
    [
      'augment.elastic',
      { elastic: true },
      /^train: augment.elastic is true; use an object \{ alpha\?, sigma\? \}/,
    ],
    [
      'augment.elastic.sigma',
      { elastic: { sigma: 0 } },
      /^train: augment.elastic.sigma is 0; use a number of pixels from 0.5 to 64\./,
    ],
    ['augment.elastic.alpha', { elastic: { alpha: -1 } }, /augment.elastic.alpha is -1/],
    [
      'augment.rotate',
      { rotate: 10 },
      /^train: augment.rotate is 10; use only the fields rotation, scale, shift, shear, elastic of augment\./,
    ],
  ];
  for (const [option, augment, message] of rejected) {
    it(`rejects ${option} ${JSON.stringify(augment)}`, async () => {
      const model = createMnistMlp({ seed: 1 });
      const error = await train(model, sliceExamples(trainSplit, 0, 32), {
        augment: augment as AugmentOptions,
      }).catch((e: unknown) => e);
      model.dispose();
      expect(error).toBeInstanceOf(TrainerOptionError);
      expect(error).toMatchObject({ caller: 'train', option });
      expect((error as Error).message).toMatch(message);
    });
  }

  it('rejects examples that are not images of one channel, naming what works', async () => {
    const rgb = createExamples({
      features: new Float32Array(4 * 48),
      labels: new Uint8Array(4),
      shape: [4, 4, 3],
      numClasses: 10,
    });
    const model = createMnistMlp({ inputShape: [4, 4, 3], seed: 1 });
    const error = await train(model, rgb, { augment: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainerOptionError);
    expect(error).toMatchObject({ caller: 'train', option: 'augment' });
    expect((error as Error).message).toMatch(
      /^train: augment is an Object; use augmentation only with images of one channel: examples \(or a model input\) of shape \[height, width\] or \[height, width, 1\]; here the examples are \[4, 4, 3\] and the model input \[4, 4, 3\]/,
    );
    model.dispose();
  });

  it('documents its defaults', () => {
    expect(AUGMENT_DEFAULTS).toEqual({
      rotation: 10,
      scale: 0.1,
      shift: 2,
      shear: 0,
      elastic: null,
    });
    expect(resolveAugmentOptions({})).toEqual({
      rotation: 10,
      scaleMin: 0.9,
      scaleMax: 1.1,
      shift: 2,
      shear: 0,
      elastic: null,
    });
    expect(resolveAugmentOptions({ scale: [0.8, 1.25], elastic: {} })).toMatchObject({
      scaleMin: 0.8,
      scaleMax: 1.25,
      elastic: { alpha: 34, sigma: 4 },
    });
    expect(resolveAugmentOptions(undefined)).toBeNull();
  });
});

describe('train with augment', () => {
  /** Trains a fresh seeded MLP on `data` and returns its history and weights. */
  async function run(data: Examples, options: TrainOptions, inputShape?: number[]) {
    const model = createMnistMlp({ seed: 7, ...(inputShape && { inputShape }) });
    const { history, optimizer } = await train(model, data, { epochs: 2, seed: 3, ...options });
    const weights = weightValues(model);
    optimizer.dispose();
    model.dispose();
    return { history, weights };
  }

  it('is off by default: augment undefined, null or left out give the same run, bit for bit', async () => {
    const data = sliceExamples(trainSplit, 0, 320);
    const omitted = await run(data, {});
    expect(await run(data, { augment: undefined })).toEqual(omitted);
    expect(await run(data, { augment: null as unknown as undefined })).toEqual(omitted);
    // An identity augmentation changes no pixel: equal histories show that its stream leaves the
    // shuffling and dropout streams as they were.
    expect(await run(data, { augment: { rotation: 0, scale: 0, shift: 0 } })).toEqual(omitted);
    const augmented = await run(data, { augment: {} });
    expect(augmented.history.loss).not.toEqual(omitted.history.loss);
  }, 60_000);

  it('is deterministic for a seed', async () => {
    const data = sliceExamples(trainSplit, 0, 320);
    for (const augment of [{}, { shear: 10, elastic: {} }]) {
      const first = await run(data, { augment });
      expect(await run(data, { augment })).toEqual(first);
      expect((await run(data, { augment, seed: 4 })).history.loss).not.toEqual(first.history.loss);
    }
  }, 60_000);

  it('learns on a small slice, validates on unaugmented data, frees every tensor', async () => {
    const data = sliceExamples(trainSplit, 0, 2000);
    const validation = sliceExamples(testSplit, 0, 500);
    const before = tf.memory().numTensors;
    const model = createMnistMlp({ seed: 1 });
    const { history, optimizer } = await train(model, data, {
      epochs: 4,
      seed: 1,
      augment: { shear: 5 },
      validationData: validation,
    });
    expect(history.loss.at(-1)!).toBeLessThan(history.loss[0]! * 0.7);
    expect(history.valAccuracy.at(-1)!).toBeGreaterThan(0.8);
    // The last validation is exactly the model's metrics on the data as it is.
    const result = await evaluate(model, validation, { batchSize: 32 });
    expect(history.valLoss.at(-1)).toBe(result.loss);
    expect(history.valAccuracy.at(-1)).toBe(result.accuracy);
    // The training data itself is untouched.
    expect(data.features).toEqual(trainSplit.features.subarray(0, 2000 * 784));
    optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('works on [h, w, 1] examples, on float features, and on flat examples of an image model', async () => {
    const slice = sliceExamples(trainSplit, 0, 96);
    const features = gatherFeatures(slice, range(0, 96));
    const labels = slice.labels.slice();
    const channel = createExamples({ features, labels, shape: [28, 28, 1], numClasses: 10 });
    const flat = createExamples({ features, labels, shape: [784], numClasses: 10 });
    const a = await run(channel, { augment: {} }, [28, 28, 1]);
    const b = await run(flat, { augment: {} }, [28, 28, 1]);
    expect(b).toEqual(a);
    const error = await run(flat, { augment: {} }, [784]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainerOptionError);
    expect((error as Error).message).toMatch(
      /the examples are \[784\] and the model input \[784\]/,
    );
  }, 60_000);
});
