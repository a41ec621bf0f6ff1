import * as tf from '@tensorflow/tfjs-core';
import type { GradientExchange } from './gradient-exchange';

/**
 * Applies step `step`'s update in one thread: the sum of every thread's gradients, added in
 * thread order 0, 1, ... (the same operations, hence the same bits, in every thread), given to
 * `optimizer` as the variables' gradients. Every thread's optimizer then computes the same update
 * from the same state, so the weights stay identical. The slots are copied into the backend and
 * added there (SIMD on 'wasm'), not in a JavaScript loop.
 */
export function applySummedGradients(
  exchange: GradientExchange,
  step: number,
  variables: readonly tf.Variable[],
  optimizer: tf.Optimizer,
  beforeUpdate?: () => void,
): void {
  const contributing = exchange.contributing(step);
  const slots = contributing.flatMap((on, thread) => (on ? [exchange.slot(step, thread)] : []));
  tf.tidy(() => {
    const grads: tf.NamedTensorMap = {};
    let offset = 0;
    for (const variable of variables) {
      const size = variable.size;
      const parts = slots.map((slot) =>
        tf.tensor(slot.subarray(offset, offset + size), variable.shape, 'float32'),
      );
      grads[variable.name] = parts.reduce((sum, part) => tf.add(sum, part));
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
