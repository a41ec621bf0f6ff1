import { type Examples, toTensors } from '@mnist-wasm/dataset';
import { classifierSignature } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { cellHeading, formatRow } from '../format';
import type { Print } from '../notebook-output';

/**
 * In [3]: `predictions = model(x_train[:1]); tf.nn.softmax(predictions)`: the untrained model's
 * logits for `examples` and their softmax.
 *
 * @returns The logits, row-major `[count, classes]`, as the notebook's `predictions`.
 */
export function untrainedPredictions(
  model: tfl.LayersModel,
  examples: Examples,
  print: Print,
): Float32Array {
  print(cellHeading(3, 'predictions = model(x_train[:1]); tf.nn.softmax(predictions)'));
  return tf.tidy(() => {
    // x_train[:1] is [1, 28, 28]; a convnet takes [1, 28, 28, 1].
    const { inputShape } = classifierSignature(model);
    const features = tf.reshape(toTensors(examples).features, [examples.count, ...inputShape]);
    const logits = model.predict(features) as tf.Tensor2D;
    const values = Float32Array.from(logits.dataSync());
    print(`logits        ${formatRow(values)}`);
    print(`probabilities ${formatRow(tf.softmax(logits).dataSync())}`);
    return values;
  });
}
