/** Loss and accuracy of one batch, computed from its logits. */
export interface BatchStats {
  /** Mean sparse softmax cross-entropy over the batch. */
  loss: number;
  /** Number of examples whose argmax logit equals the label. */
  correct: number;
}

/**
 * Sparse softmax cross-entropy from logits (Keras's `SparseCategoricalCrossentropy(from_logits=True)`,
 * mean over the batch) with its gradient, in plain JS on a `[n, classes]` batch.
 *
 * Done on the host because the batch's logits are tiny (32 x 10) and the step reads them anyway
 * for the running loss and accuracy: one read replaces a dozen kernels forward and backward.
 *
 * @param logits - `n * classes` logits, row-major.
 * @param labels - `n` class indices in `[0, classes)`.
 * @param gradient - Receives `d(mean loss)/d(logits) = (softmax - onehot) / n`, `n * classes` floats.
 */
export function softmaxCrossEntropy(
  logits: Float32Array,
  labels: Int32Array,
  classes: number,
  gradient: Float32Array,
): BatchStats {
  const n = labels.length;
  let lossSum = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const row = i * classes;
    let max = logits[row]!;
    let argmax = 0;
    for (let c = 1; c < classes; c++) {
      const z = logits[row + c]!;
      if (z > max) {
        max = z;
        argmax = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[row + c]! - max);
    const label = labels[i]!;
    lossSum += Math.log(sum) + max - logits[row + label]!;
    if (argmax === label) correct++;
    for (let c = 0; c < classes; c++) {
      const p = Math.exp(logits[row + c]! - max) / sum;
      gradient[row + c] = (p - (c === label ? 1 : 0)) / n;
    }
  }
  return { loss: lossSum / n, correct };
}
