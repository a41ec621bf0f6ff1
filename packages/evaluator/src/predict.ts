import { type MnistSplit, normalize } from '@mnist-wasm/dataset';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { EvaluationInputError } from './errors';
import { checkBatchSize, exampleShape } from './inputs';

/**
 * Images to predict on: a `MnistSplit` (its labels are ignored), or a `Uint8Array` of `n * 784`
 * pixels (more generally `n` times the model's pixels per image), row-major `[n, 28, 28]`, uint8 in
 * 0-255. Pixels are scaled to [0, 1] one batch at a time, as in training.
 */
export type PredictionImages = MnistSplit | Uint8Array;

/** Options of {@link predictClasses}. */
export interface PredictOptions {
  /** Images per forward pass: a positive integer. Default 256. */
  batchSize?: number;
}

/** Options of {@link predictProbabilities}. */
export interface PredictProbabilitiesOptions extends PredictOptions {
  /** Whether the model outputs logits, to which a softmax is applied (default true), or already probabilities. */
  fromLogits?: boolean;
}

/**
 * Class probabilities for each image, like the notebook's `probability_model(x_test)`, without
 * dropout.
 *
 * Returned as a plain `Float32Array` rather than a tensor: it is what apps and the confusion matrix
 * read, and the caller has nothing to dispose.
 *
 * @param model - A model giving `[batch, classes]` logits (or probabilities with `fromLogits: false`).
 * @param images - See {@link PredictionImages}.
 * @param options - Batch size and whether outputs are logits.
 * @returns Float32Array of `n * classes` values, row-major `[n, classes]`: row `i` is image `i`'s
 *   probabilities, each in [0, 1] and summing to 1 (with `fromLogits: true`).
 * @throws EvaluationInputError when the pixel buffer is not a whole number of the model's images;
 *   InvalidEvaluatorOptionError for a batch size that is not a positive integer.
 *
 * @example
 * ```ts
 * const probabilities = await predictProbabilities(model, test, { batchSize: 1000 });
 * probabilities.subarray(0, 10); // the first test image's 10 class probabilities
 * ```
 */
export async function predictProbabilities(
  model: tfl.LayersModel,
  images: PredictionImages,
  options: PredictProbabilitiesOptions = {},
): Promise<Float32Array> {
  const fromLogits = options.fromLogits ?? true;
  const batches = await mapBatches(model, images, options, 'predictProbabilities', (outputs) =>
    fromLogits ? tf.softmax(outputs) : outputs,
  );
  return concat(batches as Float32Array[], Float32Array);
}

/**
 * The most likely class of each image (argmax of the model's outputs, so logits and probabilities
 * give the same answer; ties go to the lowest class), without dropout.
 *
 * @param model - A model giving `[batch, classes]` scores.
 * @param images - See {@link PredictionImages}.
 * @param options - Batch size.
 * @returns Int32Array of `n` classes in `[0, classes)`, in image order.
 * @throws EvaluationInputError when the pixel buffer is not a whole number of the model's images;
 *   InvalidEvaluatorOptionError for a batch size that is not a positive integer.
 *
 * @example
 * ```ts
 * const predicted = await predictClasses(model, test);
 * const result = confusionMatrix(test.labels, predicted);
 * ```
 */
export async function predictClasses(
  model: tfl.LayersModel,
  images: PredictionImages,
  options: PredictOptions = {},
): Promise<Int32Array> {
  const batches = await mapBatches(model, images, options, 'predictClasses', (outputs) =>
    tf.argMax(outputs, 1),
  );
  return concat(batches as Int32Array[], Int32Array);
}

/** Runs the model on each batch of images and reads `reduce(outputs)` back, one batch at a time. */
async function mapBatches(
  model: tfl.LayersModel,
  images: PredictionImages,
  options: PredictOptions,
  caller: string,
  reduce: (outputs: tf.Tensor2D) => tf.Tensor,
): Promise<Array<Float32Array | Int32Array>> {
  const batchSize = checkBatchSize(options.batchSize ?? 256, caller);
  const example = exampleShape(model, caller);
  const pixels = pixelsOf(images, example.pixels, caller);
  const count = pixels.length / example.pixels;
  const buffer = new Float32Array(Math.min(batchSize, count) * example.pixels);
  const results: Array<Float32Array | Int32Array> = [];
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const batchPixels = normalize(
      pixels.subarray(start * example.pixels, (start + size) * example.pixels),
      buffer.subarray(0, size * example.pixels),
    );
    const result = tf.tidy(() => {
      const input = tf.tensor(batchPixels, [size, ...example.shape], 'float32');
      return reduce(model.apply(input, { training: false }) as tf.Tensor2D);
    });
    results.push((await result.data()) as Float32Array | Int32Array);
    result.dispose();
  }
  return results;
}

function pixelsOf(images: PredictionImages, pixelsPerImage: number, caller: string): Uint8Array {
  if (images instanceof Uint8Array) {
    if (images.length % pixelsPerImage !== 0) {
      throw new EvaluationInputError(
        `${caller}: the image buffer holds ${images.length} pixels, not a multiple of the model's ${pixelsPerImage} pixels per image; pass n * ${pixelsPerImage} uint8 pixels.`,
      );
    }
    return images;
  }
  if (images.rows * images.cols !== pixelsPerImage) {
    throw new EvaluationInputError(
      `${caller}: the split's images are ${images.rows}x${images.cols} but the model takes ${pixelsPerImage} pixels per image; pass a split matching the model's inputShape.`,
    );
  }
  return images.images.subarray(0, images.count * pixelsPerImage);
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
