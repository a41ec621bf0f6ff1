import { describeValue, optionChecks } from '@mnist-wasm/errors';
import { DatasetOptionError, ExamplesError } from './errors';

/**
 * Feature values, row-major: `Uint8Array` values are scaled by 1/255 to [0, 1] when a batch is
 * made (as the notebook's `x / 255.0` does for MNIST pixels); `Float32Array` values are used as
 * they are.
 */
export type FeatureArray = Uint8Array | Float32Array;

/** Class indices, one per example, each a whole number in `[0, numClasses)`. */
export type LabelArray = Uint8Array | Uint16Array | Int32Array;

/** Examples without labels: what a model predicts on. */
export interface UnlabeledExamples {
  /** `count * size(shape)` values, row-major `[count, ...shape]`; see {@link FeatureArray}. */
  readonly features: FeatureArray;
  /** Number of examples, at least 1. */
  readonly count: number;
  /** Shape of one example, without the batch axis: `[28, 28]`, `[28, 28, 1]`, `[784]`, `[8, 8]`... */
  readonly shape: readonly number[];
}

/**
 * Labelled examples for classification: what a model trains and is evaluated on. An MNIST split
 * is one (uint8 features of shape `[28, 28]`, 10 classes); so are your own features.
 */
export interface Examples extends UnlabeledExamples {
  /** `count` class indices in `[0, numClasses)`. */
  readonly labels: LabelArray;
  /** Number of classes, at least 2; a model trained on these examples outputs at least as many. */
  readonly numClasses: number;
}

/** Options of {@link checkExamples}. */
export interface CheckExamplesOptions {
  /** The function checking, for messages, e.g. `'train'`. */
  caller: string;
  /** How messages call the examples, e.g. `'data'` or `'validationData'`. Default `'examples'`. */
  name?: string;
  /**
   * When given, the examples must also fit this model: the shape of one of its input examples and
   * the number of classes it scores, e.g. `classifierSignature(model)` of `@mnist-wasm/model`.
   */
  model?: { readonly inputShape: readonly number[]; readonly numClasses: number };
  /**
   * Whether `labels` and `numClasses` must be there and valid (training, evaluation). Default:
   * when the examples have a `labels` field.
   */
  labelled?: boolean;
}

/**
 * The number of values in one example of `shape`: the product of its dimensions.
 *
 * @example
 * ```ts
 * exampleSize([28, 28]); // 784
 * ```
 */
export function exampleSize(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

/**
 * Checks your own features and labels and returns them as {@link Examples}, ready for `train`,
 * `evaluate` and `predictProbabilities`. Nothing is copied.
 *
 * @param examples - `features` `Uint8Array` (scaled by 1/255 per batch) or `Float32Array` (used as
 *   is) of `count * size(shape)` values; `labels` `count` whole numbers in `[0, numClasses)`;
 *   `shape` of one example; `numClasses`. `count` defaults to `labels.length`.
 * @returns The same arrays as `Examples`.
 * @throws ExamplesError naming the first field that is wrong and how to fix it.
 *
 * @example
 * ```ts
 * // 1,000 8x8 grayscale digits of your own, as floats in [0, 1], and their classes 0-9.
 * const digits = createExamples({
 *   features: new Float32Array(1000 * 64),
 *   labels: new Uint8Array(1000),
 *   shape: [8, 8],
 *   numClasses: 10,
 * });
 * digits.count; // 1000
 * ```
 */
export function createExamples(
  examples: Omit<Examples, 'count'> & { readonly count?: number },
): Examples {
  const { features, labels, shape, numClasses } = examples;
  if (labels == null) {
    throw new ExamplesError(
      'createExamples: labels are missing; give one class index per example (a Uint8Array, Uint16Array or Int32Array).',
    );
  }
  const result: Examples = {
    features,
    labels,
    count: examples.count ?? labels.length,
    shape,
    numClasses,
  };
  checkExamples(result, { caller: 'createExamples' });
  return result;
}

/**
 * Checks that `examples` hold together, and with `options.model` that they fit that model: the
 * shape is positive whole numbers; `features` is a `Uint8Array` or `Float32Array` of exactly
 * `count * size(shape)` finite values; for labelled examples, `labels` holds `count` class indices
 * in `[0, numClasses)`; the model takes examples of the same size and scores at least
 * `numClasses` classes. Features of the same size but another shape (`[28, 28]` into a `[784]`
 * or `[28, 28, 1]` model) fit: a batch is reshaped to the model's input shape for free.
 *
 * Reads every label, and every feature of a `Float32Array`: O(count) work, small next to one
 * pass of a model over the examples.
 *
 * @throws ExamplesError naming the caller, the examples and what is wrong.
 */
export function checkExamples(
  examples: UnlabeledExamples | Examples,
  options: CheckExamplesOptions,
): void {
  const { caller, name = 'examples', model } = options;
  if (examples === null || typeof examples !== 'object') {
    throw new ExamplesError(
      `${caller}: ${name} is ${describeValue(examples)}; give { features, labels, count, shape, numClasses }.`,
    );
  }
  const labelled = options.labelled ?? ('labels' in examples && examples.labels !== undefined);
  const fail: (problem: string) => never = (problem) => {
    throw new ExamplesError(`${caller}: ${name}${problem}`);
  };
  const { features, count, shape } = examples;
  if (!isShape(shape)) {
    fail(
      `.shape is ${describeValue(shape)}; give the shape of one example as positive whole numbers, such as [28, 28].`,
    );
  }
  if (!Number.isInteger(count) || count < 1) {
    fail(`.count is ${describeValue(count)}; give at least one example.`);
  }
  if (!(features instanceof Uint8Array || features instanceof Float32Array)) {
    fail(
      `.features is ${describeValue(features)}; use a Uint8Array (scaled by 1/255) or a Float32Array (used as is).`,
    );
  }
  const size = exampleSize(shape);
  if (features.length !== count * size) {
    fail(
      `.features holds ${features.length} values but ${count} examples of shape [${shape}] need ${count * size}; make count, shape and features agree.`,
    );
  }
  if (features instanceof Float32Array) {
    for (let i = 0; i < features.length; i++) {
      if (!Number.isFinite(features[i]!)) {
        fail(`.features[${i}] is ${features[i]}; features must be finite numbers.`);
      }
    }
  }
  if (labelled) checkLabels(examples as Examples, fail);
  if (model === undefined) return;
  if (exampleSize(model.inputShape) !== size) {
    fail(
      ` are of shape [${shape}] (${size} values each) but the model takes [${model.inputShape}] (${exampleSize(model.inputShape)} values); build the model with inputShape [${shape}] or reshape the features.`,
    );
  }
  if (labelled && (examples as Examples).numClasses > model.numClasses) {
    const { numClasses } = examples as Examples;
    fail(
      `.numClasses is ${numClasses} but the model scores ${model.numClasses} classes; give the model's last layer ${numClasses} units, or lower numClasses if fewer classes occur.`,
    );
  }
}

function checkLabels(examples: Examples, fail: (problem: string) => never): void {
  const { labels, count, numClasses } = examples;
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    fail(
      `.numClasses is ${describeValue(numClasses)}; give the number of classes, a whole number >= 2.`,
    );
  }
  if (
    !(labels instanceof Uint8Array || labels instanceof Uint16Array || labels instanceof Int32Array)
  ) {
    fail(
      `.labels is ${describeValue(labels)}; use a Uint8Array, Uint16Array or Int32Array of class indices.`,
    );
  }
  if (labels.length !== count) {
    fail(
      `.labels holds ${labels.length} labels but count is ${count}; give one label per example.`,
    );
  }
  for (let i = 0; i < count; i++) {
    const label = labels[i]!;
    if (label < 0 || label >= numClasses) {
      fail(
        `.labels[${i}] is ${label}, outside the ${numClasses} classes 0-${numClasses - 1}; fix the label or raise numClasses.`,
      );
    }
  }
}

/**
 * Examples `[start, end)` of `examples`, as views of the same arrays (nothing is copied), e.g. to
 * hold out the last tenth for validation.
 *
 * @throws DatasetOptionError when the range is not whole numbers with `0 <= start < end <= count`;
 *   ExamplesError when there are no examples.
 *
 * @example
 * ```ts
 * const { train } = await loadMnist();
 * const validation = sliceExamples(train, 54_000, 60_000);
 * validation.count; // 6000
 * ```
 */
export function sliceExamples<T extends UnlabeledExamples | Examples>(
  examples: T,
  start: number,
  end: number,
): T {
  checkRange('sliceExamples', examples.count, start, end);
  const size = exampleSize(examples.shape);
  const sliced = {
    ...examples,
    features: examples.features.subarray(start * size, end * size),
    count: end - start,
  };
  if ('labels' in examples && examples.labels !== undefined) {
    Object.assign(sliced, { labels: examples.labels.subarray(start, end) });
  }
  return sliced;
}

/**
 * Checks that `[start, end)` is a non-empty range of whole numbers within `count` examples.
 *
 * @throws ExamplesError when there are no examples; DatasetOptionError naming `start` or `end`.
 */
export function checkRange(caller: string, count: number, start: number, end: number): void {
  if (!(count >= 1)) {
    throw new ExamplesError(
      `${caller}: the examples are empty (count ${count}); there is nothing to take.`,
    );
  }
  const check = optionChecks(DatasetOptionError, caller);
  const whole = (min: number, max: number) => ({
    min,
    max,
    allowed: `a whole number from ${min} to ${max}`,
  });
  check.integer('start', start, whole(0, count - 1));
  check.integer('end', end, whole(start + 1, count));
}

function isShape(shape: unknown): shape is readonly number[] {
  return (
    Array.isArray(shape) &&
    shape.length > 0 &&
    shape.every((dim) => Number.isInteger(dim) && dim > 0)
  );
}
