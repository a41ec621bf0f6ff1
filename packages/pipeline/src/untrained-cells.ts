import { type Examples, sliceExamples, toTensors } from '@mnist-wasm/dataset';
import { classifierSignature, sparseCategoricalCrossentropy } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { digitPixels } from './digit-pixels';

/** What {@link untrainedCells} returns: the model on `x_train[:1]` before any training. */
export interface UntrainedResult {
  /** `x_train[0]`: its pixels, 0-255 (784 for MNIST). */
  pixels: Uint8Array;
  /** `y_train[0]`. */
  label: number;
  /** `predictions = model(x_train[:1])`: one logit per class (10 for MNIST), any real value. */
  logits: Float32Array;
  /** `tf.nn.softmax(predictions)`: one probability per class, in [0, 1], summing to 1. */
  probabilities: Float32Array;
  /** `loss_fn(y_train[:1], predictions)`: the sparse cross-entropy of the logits, >= 0. */
  loss: number;
  /** What a uniform guess over the classes scores, `-ln(1/classes)`: 2.3026 for 10 classes. */
  uniformLoss: number;
}

/**
 * In [3] and [4]: `predictions = model(x_train[:1])`, `tf.nn.softmax(predictions)` and
 * `loss_fn(y_train[:1], predictions)` for a model not trained yet, whose loss should be near
 * `uniformLoss`. Runs the model in inference mode (dropout off); disposes every tensor it makes.
 *
 * @param model - A classifier: one input taking `train`'s examples (or as many values in another
 *   shape), `[batch, classes]` logits out.
 * @param train - The training split; only its first example is used.
 * @throws UnsupportedModelError (from `@mnist-wasm/model`) for a model that is not such a classifier.
 *
 * @example
 * ```ts
 * const { model } = buildModel('mlp', { seed: 1 });
 * const untrained = untrainedCells(model, train);
 * untrained.loss; // e.g. 2.95, against untrained.uniformLoss = 2.3026
 * ```
 */
export function untrainedCells(model: tfl.LayersModel, train: Examples): UntrainedResult {
  const first = sliceExamples(train, 0, 1); // x_train[:1], y_train[:1]
  const { inputShape } = classifierSignature(model);
  const values = tf.tidy(() => {
    // x_train[:1] is [1, 28, 28]; a convnet takes [1, 28, 28, 1].
    const features = tf.reshape(toTensors(first).features, [first.count, ...inputShape]);
    const logits = model.predict(features) as tf.Tensor2D;
    const labels = tf.tensor1d(Int32Array.from(first.labels), 'int32');
    const loss = sparseCategoricalCrossentropy({ fromLogits: true })(labels, logits);
    return {
      logits: Float32Array.from(logits.dataSync()),
      probabilities: Float32Array.from(tf.softmax(logits).dataSync()),
      loss: loss.dataSync()[0] as number,
    };
  });
  return {
    pixels: digitPixels(first, 0),
    label: first.labels[0] as number,
    ...values,
    uniformLoss: Math.log(first.numClasses),
  };
}
