import { type MnistSplit, normalize } from '@mnist-wasm/dataset';
import { classifierSignature } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** How the stock baseline is compiled, printed with the results. */
export const STOCK_LOSS_DESCRIPTION =
  'one-hot labels, tf.losses.softmaxCrossEntropy on logits (tfjs-layers cannot take [n] labels with a logits loss)';

/**
 * Compiles `model` the way a TF.js user reproduces the notebook's compile(): Keras's Adam, and
 * softmax cross-entropy from logits on one-hot targets, tfjs-layers' stand-in for
 * SparseCategoricalCrossentropy(from_logits=True).
 */
export function compileStock(model: tfl.LayersModel): void {
  model.compile({
    optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-7),
    loss: (targets: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(targets, logits),
    metrics: ['accuracy'],
  });
}

/**
 * The notebook's `x / 255.0` and one-hot labels as whole tensors, as stock `fit` takes them:
 * float32 `[count, ...inputShape]` of `model` (`[28, 28]`, or `[28, 28, 1]` for a convnet) in
 * [0, 1] and float32 `[count, numClasses]`.
 */
export function stockTensors(split: MnistSplit, model: tfl.LayersModel): [tf.Tensor, tf.Tensor] {
  const { inputShape } = classifierSignature(model);
  const x = tf.tensor(normalize(split.features), [split.count, ...inputShape], 'float32');
  // An int32 one-hot, cast: stock tfjs-backend-wasm writes a float one-hot's values as int32 bits.
  const y = tf.tidy(() =>
    tf.cast(tf.oneHot(tf.tensor1d(split.labels, 'int32'), split.numClasses), 'float32'),
  );
  return [x, y];
}
