import * as tf from '@tensorflow/tfjs-core';
import { TensorShapeError } from './errors';

/**
 * Class indices as int32 `[n]`, from labels `[n]` or `[n, 1]` (int32 or float32), checked against
 * predictions `[n, classes]`. tfjs-layers' `compile` passes targets as `[n, 1]`, direct calls pass
 * `[n]`; both reach the same kernels. Tensors made here belong to the caller's tidy.
 */
export function classIndices(
  labels: tf.Tensor,
  predictions: tf.Tensor,
  caller: string,
): tf.Tensor1D {
  if (predictions.rank !== 2) {
    throw new TensorShapeError(
      `${caller}: predictions have shape [${predictions.shape}]; pass logits or probabilities of shape [n, classes].`,
    );
  }
  const n = predictions.shape[0]!;
  const isColumn = labels.rank === 2 && labels.shape[1] === 1;
  if ((labels.rank !== 1 && !isColumn) || labels.shape[0] !== n) {
    throw new TensorShapeError(
      `${caller}: labels have shape [${labels.shape}] but predictions have shape [${predictions.shape}]; pass class indices of shape [${n}] or [${n}, 1].`,
    );
  }
  const flat = isColumn ? tf.reshape(labels, [n]) : labels;
  return (flat.dtype === 'int32' ? flat : tf.cast(flat, 'int32')) as tf.Tensor1D;
}
