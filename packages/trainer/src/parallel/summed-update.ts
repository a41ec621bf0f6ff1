import * as tf from '@tensorflow/tfjs-core';
import type { GradientExchange } from './gradient-exchange';

/**
 * Applies step `step`'s update in one thread: the sum of every thread's gradients, added in
 * thread order 0, 1, ... (each partial sum rounded to float32: the same operations, hence the
 * same bits, in every thread), given to `optimizer` as the variables' gradients. Every thread's
 * optimizer then computes the same update from the same state, so the weights stay identical.
 * The first slot is copied into a new tensor and the others added to it in place, in the
 * backend's memory: no tensor, kernel call or array per addition. Needs the 'wasm' backend (or
 * one whose `dataSync` returns a tensor's own values).
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
      const first = slots[0]!.subarray(offset, offset + size);
      const sum = tf.tensor(first, variable.shape, 'float32');
      if (slots.length > 1) {
        // Added in place in the backend's memory, in thread order.
        const values = heapValues(sum);
        for (let t = 1; t < slots.length; t++) {
          const part = slots[t]!.subarray(offset, offset + size);
          for (let i = 0; i < size; i++) values[i] = values[i]! + part[i]!;
        }
      }
      grads[variable.name] = sum;
      offset += size;
    }
    beforeUpdate?.();
    optimizer.applyGradients(grads);
  });
}

/** A new tensor's values, writable in place: on the WASM heap, or its own array elsewhere. */
function heapValues(tensor: tf.Tensor): Float32Array {
  const backend = tf.backend() as { typedArrayFromHeap?: (t: tf.TensorInfo) => unknown };
  if (typeof backend.typedArrayFromHeap === 'function') {
    return backend.typedArrayFromHeap(tensor) as Float32Array;
  }
  return tensor.dataSync() as Float32Array;
}

/** Trainable values of `variables`: the length of a gradient slot. */
export function parameterCount(variables: readonly tf.Variable[]): number {
  return variables.reduce((sum, variable) => sum + variable.size, 0);
}
