import { thrown } from '@mnist-wasm/test-utils';
import { describe, expect, it } from 'vitest';
import {
  type CheckExamplesOptions,
  checkExamples,
  createExamples,
  DatasetError,
  DatasetOptionError,
  type Examples,
  ExamplesError,
  exampleSize,
  gatherFeatures,
  type MnistSplit,
  normalize,
  sliceExamples,
  type UnlabeledExamples,
} from '../src/index';
import { floatFeatures, tinyExamples } from './fixtures';

/** `count` examples of 28x28 uint8 pixels with labels `i % 10`, laid out as an MNIST split. */
function mnistLike(count: number): MnistSplit {
  return {
    features: Uint8Array.from({ length: count * 784 }, (_, i) => (i * 13) % 256),
    labels: Uint8Array.from({ length: count }, (_, i) => i % 10),
    count,
    shape: [28, 28],
    numClasses: 10,
  };
}

describe('exampleSize', () => {
  it('is the number of values in one example: the product of the dimensions', () => {
    expect(exampleSize([28, 28])).toBe(28 * 28);
    expect(exampleSize([28, 28, 1])).toBe(exampleSize([784]));
    expect(exampleSize([8, 8])).toBe(64);
    expect(exampleSize([2, 3, 4])).toBe(24);
  });
});

describe('createExamples', () => {
  it('returns the given arrays without copying, count defaulting to the number of labels', () => {
    const features = new Float32Array(5 * 64);
    const labels = new Uint8Array([0, 9, 3, 3, 1]);
    const examples = createExamples({ features, labels, shape: [8, 8], numClasses: 10 });
    expect(examples.count).toBe(5);
    expect(examples.features).toBe(features);
    expect(examples.labels).toBe(labels);
    expect(examples.shape).toEqual([8, 8]);
    expect(examples.numClasses).toBe(10);
  });

  it('keeps an explicit count that agrees with the arrays', () => {
    const { features, labels } = tinyExamples();
    expect(createExamples({ features, labels, shape: [4], numClasses: 10, count: 3 }).count).toBe(
      3,
    );
  });

  it('refuses examples that do not hold together, naming createExamples and the field', () => {
    const { features, labels } = tinyExamples();
    const wrongShape = () => createExamples({ features, labels, shape: [3, 3], numClasses: 10 });
    expect(wrongShape).toThrow(ExamplesError);
    expect(wrongShape).toThrow(
      'createExamples: examples.features holds 12 values but 3 examples of shape [3,3] need 27; make count, shape and features agree.',
    );
    const fewerLabels = () =>
      createExamples({ features, labels, shape: [2], numClasses: 10, count: 6 });
    expect(fewerLabels).toThrow(
      'createExamples: examples.labels holds 3 labels but count is 6; give one label per example.',
    );
    const noExamples = () =>
      createExamples({
        features: new Uint8Array(0),
        labels: new Uint8Array(0),
        shape: [2, 2],
        numClasses: 10,
      });
    expect(noExamples).toThrow(ExamplesError);
    expect(noExamples).toThrow('createExamples: examples.count is 0; give at least one example.');
  });

  it('names missing labels rather than the count they would give', () => {
    const { features } = tinyExamples();
    const noLabels = () =>
      createExamples({ features, shape: [2, 2], numClasses: 10 } as unknown as Examples);
    expect(noLabels).toThrow(ExamplesError);
    expect(noLabels).toThrow(
      /^createExamples: labels are missing; give one class index per example/,
    );
  });
});

describe('checkExamples', () => {
  const caller: CheckExamplesOptions = { caller: 'train' };

  it('accepts uint8 and float32 features, and every label array type', () => {
    expect(checkExamples(mnistLike(3), caller)).toBeUndefined();
    const { features, count, shape } = floatFeatures(3, [2, 4]);
    for (const labels of [
      new Uint8Array([0, 1, 2]),
      new Uint16Array([0, 1, 2]),
      new Int32Array([0, 1, 2]),
    ]) {
      expect(() =>
        checkExamples({ features, labels, count, shape, numClasses: 3 }, caller),
      ).not.toThrow();
    }
  });

  it('accepts float32 features outside [0, 1], which are used as they are', () => {
    const examples = floatFeatures(2, [2, 3]);
    const copy = examples.features.slice();
    expect(() => checkExamples(examples, caller)).not.toThrow();
    expect(examples.features).toEqual(copy);
    // Used as is: a batch holds the same floats, while uint8 features are scaled by 1/255.
    expect(gatherFeatures(examples, [0, 1])).toEqual(copy);
    const uint8 = mnistLike(1);
    expect(gatherFeatures(uint8, [0])).toEqual(normalize(uint8.features));
    expect(gatherFeatures(uint8, [0])[1]).toBe(Math.fround(13 / 255));
  });

  it('accepts unlabeled examples without labels or classes', () => {
    const { features, count, shape } = mnistLike(2);
    expect(() => checkExamples({ features, count, shape }, caller)).not.toThrow();
  });

  /** A 2-example labelled set of shape [2, 2] with one field replaced. */
  const base = (): Examples => ({
    features: new Float32Array([0, 0.5, 1, 0, 1, 1, 0, 0]),
    labels: new Uint8Array([1, 2]),
    count: 2,
    shape: [2, 2],
    numClasses: 3,
  });
  it.each<[string, Record<string, unknown>, string, string]>([
    ['a shape with a zero', { shape: [2, 0] }, '.shape is [2, 0]', 'positive whole numbers'],
    ['an empty shape', { shape: [] }, '.shape is []', 'give the shape of one example'],
    ['a fractional shape', { shape: [2, 1.5] }, '.shape is [2, 1.5]', 'positive whole numbers'],
    ['no examples', { count: 0 }, '.count is 0', 'give at least one example'],
    ['a fractional count', { count: 1.5 }, '.count is 1.5', 'give at least one example'],
    [
      'float64 features',
      { features: new Float64Array(8) },
      '.features is a Float64Array',
      'use a Uint8Array (scaled by 1/255) or a Float32Array (used as is)',
    ],
    [
      'a plain array of features',
      { features: [0, 0, 0, 0, 0, 0, 0, 0] },
      '.features is [0, 0, 0, 0, 0, 0, 0, 0]',
      'use a Uint8Array',
    ],
    [
      'too few features',
      { features: new Float32Array(7) },
      '.features holds 7 values but 2 examples of shape [2,2] need 8',
      'make count, shape and features agree',
    ],
    [
      'a NaN feature',
      { features: new Float32Array([0, 0, 0, 0, 0, Number.NaN, 0, 0]) },
      '.features[5] is NaN',
      'features must be finite numbers',
    ],
    [
      'an infinite feature',
      { features: new Float32Array([0, 0, 0, Number.NEGATIVE_INFINITY, 0, 0, 0, 0]) },
      '.features[3] is -Infinity',
      'features must be finite numbers',
    ],
    [
      'float32 labels',
      { labels: new Float32Array([1, 2]) },
      '.labels is a Float32Array',
      'use a Uint8Array, Uint16Array or Int32Array of class indices',
    ],
    [
      'too many labels',
      { labels: new Uint8Array([1, 2, 0]) },
      '.labels holds 3 labels but count is 2',
      'give one label per example',
    ],
    [
      'a label equal to numClasses',
      { labels: new Uint8Array([1, 3]) },
      '.labels[1] is 3, outside the 3 classes 0-2',
      'fix the label or raise numClasses',
    ],
    [
      'a negative label',
      { labels: new Int32Array([-1, 0]) },
      '.labels[0] is -1, outside the 3 classes 0-2',
      'fix the label or raise numClasses',
    ],
    ['zero classes', { numClasses: 0 }, '.numClasses is 0', 'a whole number >= 2'],
    ['one class', { numClasses: 1 }, '.numClasses is 1', 'a whole number >= 2'],
    ['fractional classes', { numClasses: 2.5 }, '.numClasses is 2.5', 'a whole number >= 2'],
  ])('refuses %s, naming the field and the fix', (_, change, field, fix) => {
    const error = thrown(() =>
      checkExamples({ ...base(), ...change } as Examples, { caller: 'train', name: 'data' }),
    );
    expect(error).toBeInstanceOf(ExamplesError);
    expect(error).toBeInstanceOf(DatasetError);
    expect(error.name).toBe('ExamplesError');
    expect(error.message.startsWith(`train: data${field}`)).toBe(true);
    expect(error.message).toContain(fix);
  });

  it('refuses data that is not an object with a typed error, not a TypeError', () => {
    for (const data of [undefined, null, 42]) {
      const check = () => checkExamples(data as never, { caller: 'evaluate', name: 'data' });
      expect(check).toThrow(ExamplesError);
      expect(check).toThrow(
        `evaluate: data is ${String(data)}; give { features, labels, count, shape, numClasses }.`,
      );
    }
  });

  it('names the examples "examples" unless told otherwise', () => {
    const examples = { ...tinyExamples(), numClasses: 8 };
    expect(() => checkExamples(examples, { caller: 'evaluate' })).toThrow(
      /^evaluate: examples\.labels\[1\] is 8, /,
    );
    expect(() => checkExamples(examples, { caller: 'train', name: 'validationData' })).toThrow(
      /^train: validationData\.labels\[1\] is 8, /,
    );
  });

  it('reads every label, up to the last', () => {
    const examples = mnistLike(50);
    const labels = examples.labels.slice();
    labels[49] = 10;
    expect(() => checkExamples({ ...examples, labels }, caller)).toThrow(
      /examples\.labels\[49\] is 10, outside the 10 classes 0-9/,
    );
  });

  describe('with a model signature', () => {
    it('accepts [28, 28] examples for models of [28, 28], [784] and [28, 28, 1]', () => {
      for (const inputShape of [[28, 28], [784], [28, 28, 1]]) {
        const model = { inputShape, numClasses: 10 };
        expect(() => checkExamples(mnistLike(2), { caller: 'train', model })).not.toThrow();
      }
    });

    it('accepts fewer classes than the model scores', () => {
      const examples = { ...mnistLike(2), numClasses: 2 };
      const model = { inputShape: [784], numClasses: 10 };
      expect(() => checkExamples(examples, { caller: 'train', model })).not.toThrow();
    });

    it('refuses examples of another size, naming both shapes and the fix', () => {
      const model = { inputShape: [28, 27], numClasses: 10 };
      const check = () => checkExamples(mnistLike(2), { caller: 'train', name: 'data', model });
      expect(check).toThrow(ExamplesError);
      expect(check).toThrow(
        'train: data are of shape [28,28] (784 values each) but the model takes [28,27] (756 values); build the model with inputShape [28,28] or reshape the features.',
      );
    });

    it('refuses unlabeled examples of another size too', () => {
      const { features, count } = floatFeatures(2, [8, 8]);
      const model = { inputShape: [784], numClasses: 10 };
      const check = () =>
        checkExamples({ features, count, shape: [8, 8] }, { caller: 'predict', model });
      expect(check).toThrow(ExamplesError);
      expect(check).toThrow(/^predict: examples are of shape \[8,8\] \(64 values each\)/);
    });

    it('requires labels when told the examples must be labelled', () => {
      const { features, count, shape } = mnistLike(2);
      const unlabelled = { features, count, shape, numClasses: 10 };
      expect(() => checkExamples(unlabelled, { caller: 'predict' })).not.toThrow();
      const check = () => checkExamples(unlabelled, { caller: 'train', labelled: true });
      expect(check).toThrow(ExamplesError);
      expect(check).toThrow(
        'train: examples.labels is undefined; use a Uint8Array, Uint16Array or Int32Array of class indices.',
      );
    });

    it('refuses more classes than the model scores, naming the fix', () => {
      const model = { inputShape: [784], numClasses: 3 };
      const check = () => checkExamples(mnistLike(2), { caller: 'evaluate', model });
      expect(check).toThrow(ExamplesError);
      expect(check).toThrow(
        "evaluate: examples.numClasses is 10 but the model scores 3 classes; give the model's last layer 10 units, or lower numClasses if fewer classes occur.",
      );
    });
  });
});

describe('sliceExamples', () => {
  it('says that empty examples have nothing to take, rather than a range from 0 to -1', () => {
    const empty = {
      ...mnistLike(1),
      features: new Uint8Array(0),
      labels: new Uint8Array(0),
      count: 0,
    };
    expect(() => sliceExamples(empty, 0, 1)).toThrow(ExamplesError);
    expect(() => sliceExamples(empty, 0, 1)).toThrow(
      'sliceExamples: the examples are empty (count 0); there is nothing to take.',
    );
  });

  it('describes a long plain array by its length, so a message stays short', () => {
    const error = thrown(() =>
      checkExamples(
        { features: new Array(1_000_000).fill(0), count: 1, shape: [1_000_000] } as never,
        { caller: 'train' },
      ),
    );
    expect(error).toBeInstanceOf(ExamplesError);
    expect(error.message).toBe(
      'train: examples.features is an Array(1000000); use a Uint8Array (scaled by 1/255) or a Float32Array (used as is).',
    );
  });

  it('gives views of the same arrays, not copies, with labels, shape and classes kept', () => {
    const examples = mnistLike(5);
    const sliced = sliceExamples(examples, 1, 4);
    expect(sliced.count).toBe(3);
    expect(sliced.shape).toEqual([28, 28]);
    expect(sliced.numClasses).toBe(10);
    expect(sliced.features.buffer).toBe(examples.features.buffer);
    expect(sliced.features.byteOffset).toBe(784);
    expect(sliced.features.length).toBe(3 * 784);
    expect(sliced.labels.buffer).toBe(examples.labels.buffer);
    expect([...sliced.labels]).toEqual([1, 2, 3]);
    // A write through the view shows in the original.
    sliced.features[0] = 255;
    sliced.labels[0] = 7;
    expect(examples.features[784]).toBe(255);
    expect(examples.labels[1]).toBe(7);
    expect(examples.count).toBe(5);
    expect(() => checkExamples(sliced, { caller: 'test' })).not.toThrow();
  });

  it('slices float32 features by whole examples', () => {
    const examples = floatFeatures(4, [2, 3]);
    const sliced = sliceExamples(examples, 3, 4);
    expect(sliced.features).toBeInstanceOf(Float32Array);
    expect(sliced.features).toEqual(examples.features.subarray(18, 24));
    expect(gatherFeatures(sliced, [0])).toEqual(gatherFeatures(examples, [3]));
  });

  it('slices unlabeled examples without adding labels', () => {
    const { features, count, shape } = tinyExamples();
    const unlabeled: UnlabeledExamples = { features, count, shape };
    const sliced = sliceExamples(unlabeled, 0, 1);
    expect('labels' in sliced).toBe(false);
    expect([...sliced.features]).toEqual([0, 1, 2, 3]);
    expect(sliced.count).toBe(1);
  });

  it('takes the whole range and a single last example', () => {
    const examples = tinyExamples();
    expect(sliceExamples(examples, 0, 3).features).toEqual(examples.features);
    expect([...sliceExamples(examples, 2, 3).labels]).toEqual([9]);
  });

  it.each([
    [-1, 2, 'sliceExamples: start is -1; use a whole number from 0 to 2.'],
    [3, 3, 'sliceExamples: start is 3; use a whole number from 0 to 2.'],
    [0.5, 2, 'sliceExamples: start is 0.5; use a whole number from 0 to 2.'],
    [1, 1, 'sliceExamples: end is 1; use a whole number from 2 to 3.'],
    [2, 1, 'sliceExamples: end is 1; use a whole number from 3 to 3.'],
    [0, 4, 'sliceExamples: end is 4; use a whole number from 1 to 3.'],
    [0, Number.NaN, 'sliceExamples: end is NaN; use a whole number from 1 to 3.'],
  ])('refuses start %s, end %s with a DatasetOptionError', (start, end, message) => {
    const slice = () => sliceExamples(tinyExamples(), start, end);
    expect(slice).toThrow(DatasetOptionError);
    expect(slice).toThrow(message);
  });
});
