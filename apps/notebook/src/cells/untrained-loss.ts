import type { Examples } from '@mnist-wasm/dataset';
import { sparseCategoricalCrossentropy } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import { cellHeading } from '../format';
import type { Print } from '../notebook-output';

/**
 * In [4]: `loss_fn(y_train[:1], predictions)`: the loss of the untrained `predictions` (logits of
 * `examples`), printed next to what a uniform guess over the classes scores.
 */
export function untrainedLoss(examples: Examples, predictions: Float32Array, print: Print): number {
  print(cellHeading(4, 'loss_fn(y_train[:1], predictions)'));
  const loss = tf.tidy(() => {
    const labels = tf.tensor1d(Int32Array.from(examples.labels), 'int32');
    const logits = tf.tensor2d(predictions, [examples.count, predictions.length / examples.count]);
    return sparseCategoricalCrossentropy({ fromLogits: true })(labels, logits).dataSync()[0]!;
  });
  const guess = Math.log(examples.numClasses);
  print(
    `${loss.toFixed(4)}  (an untrained model guesses: -ln(1/${examples.numClasses}) = ${guess.toFixed(4)})`,
  );
  return loss;
}
