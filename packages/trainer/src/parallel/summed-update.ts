import * as tf from '@tensorflow/tfjs-core';
import type { GradientExchange } from './gradient-exchange';

/**
 * Applies step `step`'s update in one thread: the sum of every thread's gradients (in thread
 * order, the same bits in every thread) given to `optimizer` as the variables' gradients. Every
 * thread's optimizer then computes the same update from the same state, so the weights stay
 * identical. `sum` is reused scratch of the exchange's parameter count.
 */
export function applySummedGradients(
  exchange: GradientExchange,
  step: number,
  variables: readonly tf.Variable[],
  optimizer: tf.Optimizer,
  sum: Float32Array,
  beforeUpdate?: () => void,
): void {
  exchange.sumSlots(step, sum, exchange.contributing(step));
  tf.tidy(() => {
    const grads: tf.NamedTensorMap = {};
    let offset = 0;
    for (const variable of variables) {
      const size = variable.size;
      grads[variable.name] = tf.tensor(sum.subarray(offset, offset + size), variable.shape);
      offset += size;
    }
    beforeUpdate?.();
    optimizer.applyGradients(grads);
  });
}

/** Trainable values of `variables`: the length of a gradient slot. */
export function parameterCount(variables: readonly tf.Variable[]): number {
  return variables.reduce((sum, variable) => sum + variable.size, 0);
}
