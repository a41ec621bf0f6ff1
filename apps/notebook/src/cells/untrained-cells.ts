import type { UntrainedResult } from '@mnist-wasm/pipeline';
import { cellHeading, formatRow } from '../format';

/**
 * In [3] and [4]: the untrained model's logits for `x_train[:1]` and their softmax, then their
 * loss next to what a uniform guess over the classes scores.
 */
export function renderUntrained({
  logits,
  probabilities,
  loss,
  uniformLoss,
}: UntrainedResult): string {
  const classes = logits.length;
  return [
    cellHeading(3, 'predictions = model(x_train[:1]); tf.nn.softmax(predictions)'),
    `logits        ${formatRow(logits)}`,
    `probabilities ${formatRow(probabilities)}`,
    cellHeading(4, 'loss_fn(y_train[:1], predictions)'),
    `${loss.toFixed(4)}  (an untrained model guesses: -ln(1/${classes}) = ${uniformLoss.toFixed(4)})`,
  ].join('\n');
}
