import { checkExamples, type UnlabeledExamples } from '@mnist-wasm/dataset';
import { classifierSignature } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { argMaxRows } from './arg-max-rows';
import { batchTensor } from './batch-tensor';
import { checkPositiveInteger, maxBatchSize } from './check-positive-integer';
import { checkFiniteWeights } from './finite-weights';
import { inferenceForward } from './inference-forward';

/** Options of {@link predictClasses}. */
export interface PredictOptions {
  /** Examples per forward pass: an integer from 1 to {@link maxBatchSize} (65,536). Default 256. */
  batchSize?: number;
}

/** Options of {@link predictProbabilities}. */
export interface PredictProbabilitiesOptions extends PredictOptions {
  /** Whether the model outputs logits, to which a softmax is applied (default true), or already probabilities. */
  fromLogits?: boolean;
}

/**
 * Class probabilities for each example, like the notebook's `probability_model(x_test)`, without
 * dropout.
 *
 * Returned as a plain `Float32Array` rather than a tensor: it is what apps and the confusion matrix
 * read, and the caller has nothing to dispose.
 *
 * @param model - A classifier giving `[batch, classes]` logits (or probabilities with
 *   `fromLogits: false`).
 * @param examples - `{ features, count, shape }` (labels, if any, are not used), e.g. an MNIST
 *   split: uint8 features are scaled to [0, 1] one batch at a time, float32 ones used as they are.
 * @param options - Batch size and whether outputs are logits.
 * @returns Float32Array of `count * classes` values, row-major `[count, classes]`: row `i` is
 *   example `i`'s probabilities, each in [0, 1] and summing to 1 (with `fromLogits: true`).
 * @throws ExamplesError (from `@mnist-wasm/dataset`) when the examples do not hold together or do
 *   not fit the model; UnsupportedModelError (from `@mnist-wasm/model`) for a model that is not a
 *   one-input classifier; EvaluatorOptionError for a batch size that is not an integer from 1
 *   to 65,536; NonFiniteModelWeightError when a weight of the model holds NaN or Infinity.
 *
 * @example
 * ```ts
 * const probabilities = await predictProbabilities(model, test, { batchSize: 1000 });
 * probabilities.subarray(0, 10); // the first test image's 10 class probabilities
 * ```
 */
export async function predictProbabilities(
  model: tfl.LayersModel,
  examples: UnlabeledExamples,
  options: PredictProbabilitiesOptions = {},
): Promise<Float32Array> {
  const fromLogits = options.fromLogits ?? true;
  const batches = await mapBatches(model, examples, options, 'predictProbabilities', (outputs) =>
    fromLogits ? tf.softmax(outputs) : outputs,
  );
  return concat(batches as Float32Array[], Float32Array);
}

/**
 * The most likely class of each example (argmax of the model's outputs, so logits and
 * probabilities give the same answer; ties go to the lowest class), without dropout.
 *
 * @param model - A classifier giving `[batch, classes]` scores.
 * @param examples - `{ features, count, shape }`; see {@link predictProbabilities}.
 * @param options - Batch size.
 * @returns Int32Array of `count` classes in `[0, classes)`, in example order.
 * @throws ExamplesError (from `@mnist-wasm/dataset`) when the examples do not hold together or do
 *   not fit the model; UnsupportedModelError (from `@mnist-wasm/model`) for a model that is not a
 *   one-input classifier; EvaluatorOptionError for a batch size that is not an integer from 1
 *   to 65,536; NonFiniteModelWeightError when a weight of the model holds NaN or Infinity.
 *
 * @example
 * ```ts
 * const predicted = await predictClasses(model, test);
 * const result = confusionMatrix(test.labels, predicted);
 * ```
 */
export async function predictClasses(
  model: tfl.LayersModel,
  examples: UnlabeledExamples,
  options: PredictOptions = {},
): Promise<Int32Array> {
  const batches = await mapBatches(model, examples, options, 'predictClasses', (outputs) =>
    tf.argMax(outputs, 1),
  );
  return concat(batches as Int32Array[], Int32Array);
}

/** One example's prediction, from {@link predict}. */
export interface ExamplePrediction {
  /** The most likely class (ties go to the lowest). */
  readonly predicted: number;
  /** The probability of `predicted`. */
  readonly probability: number;
  /** Every class's probability: a `classes`-long view into one array shared by all examples. */
  readonly probabilities: Float32Array;
}

/**
 * Each example's class probabilities and most likely class, in one pass of the model: what an app
 * shows for a digit. {@link predictProbabilities} followed by {@link argMaxRows}, row by row.
 *
 * @param model - A classifier giving `[batch, classes]` logits (or probabilities with
 *   `fromLogits: false`).
 * @param examples - `{ features, count, shape }`; see {@link predictProbabilities}.
 * @param options - Batch size and whether outputs are logits.
 * @returns `count` predictions, in example order.
 * @throws As {@link predictProbabilities}.
 *
 * @example
 * ```ts
 * const [first] = await predict(model, sliceExamples(test, 0, 1));
 * first.predicted; // 7
 * first.probability; // 0.9991
 * ```
 */
export async function predict(
  model: tfl.LayersModel,
  examples: UnlabeledExamples,
  options: PredictProbabilitiesOptions = {},
): Promise<ExamplePrediction[]> {
  const probabilities = await predictProbabilities(model, examples, options);
  const classes = probabilities.length / examples.count;
  return Array.from(argMaxRows(probabilities, classes), (predicted, i) => {
    const row = probabilities.subarray(i * classes, (i + 1) * classes);
    return { predicted, probability: row[predicted]!, probabilities: row };
  });
}

/** Runs the model on each batch of examples and reads `reduce(outputs)` back, one batch at a time. */
async function mapBatches(
  model: tfl.LayersModel,
  examples: UnlabeledExamples,
  options: PredictOptions,
  caller: string,
  reduce: (outputs: tf.Tensor2D) => tf.Tensor,
): Promise<Array<Float32Array | Int32Array>> {
  const batchSize = checkPositiveInteger(
    options.batchSize ?? 256,
    'batchSize',
    caller,
    256,
    maxBatchSize,
  );
  const signature = classifierSignature(model, caller);
  checkFiniteWeights(model, caller);
  // Labels, if any, play no part in a prediction.
  checkExamples(examples, { caller, model: signature, labelled: false });
  const { inputShape } = signature;
  const { count } = examples;
  const forward = inferenceForward(model);
  const results: Array<Float32Array | Int32Array> = [];
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const result = tf.tidy(() =>
      reduce(forward.run(batchTensor(examples, start, start + size, inputShape))),
    );
    results.push((await result.data()) as Float32Array | Int32Array);
    result.dispose();
  }
  return results;
}

function concat<T extends Float32Array | Int32Array>(
  parts: T[],
  ArrayType: new (length: number) => T,
): T {
  const out = new ArrayType(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
