import { type SumSlotsLoop, sumSlotsLoopFor } from '@mnist-wasm/backend';
import * as tf from '@tensorflow/tfjs-core';
import type { GradientExchange } from './gradient-exchange';

/**
 * One thread's view of a step's summed gradients: every thread's slot added in thread order
 * 0, 1, ..., N-1 into this thread's own sum (`sumSlotsLoopFor` of `@mnist-wasm/backend` in place
 * in the shared memory; {@link sumSlots} is its JavaScript twin), then copied into one gradient
 * tensor per variable. Every thread adds the same slots in the same order, so every thread's Adam
 * update gets the same bits and the weights stay identical without being sent anywhere.
 *
 * On 'wasm' the gradient tensors are made once and the sums copied into their memory each step:
 * making eight tensors a step costs more than summing the slots. They are private to this object
 * (read by the update only); {@link SummedGradients.dispose} frees them.
 */
export class SummedGradients {
  private readonly offsets: number[] = [];
  /** The gradient tensors written in place, per variable; null where the backend has no heap view. */
  private readonly held: tf.Tensor[] | null;
  /** Elsewhere: the last call's tensors, freed at the next. */
  private readonly made: tf.Tensor[] = [];

  constructor(
    private readonly exchange: GradientExchange,
    private readonly variables: readonly tf.Variable[],
    private readonly thread: number,
  ) {
    let offset = 0;
    for (const variable of variables) {
      this.offsets.push(offset);
      offset += variable.size;
    }
    this.held =
      heapView(tf.backend()) === null
        ? null
        : variables.map((variable) => tf.keep(tf.zeros(variable.shape, 'float32')));
  }

  /**
   * The sum of step `step`'s slots of the threads that had rows (the first `contributing`), as
   * gradients by variable name, for `optimizer.applyGradients`; valid until the next call. The
   * caller does not dispose them.
   */
  of(step: number, contributing: number): tf.NamedTensorMap {
    tf.dispose(this.made.splice(0));
    const exchange = this.exchange;
    const out = exchange.sum(this.thread);
    const first = exchange.slotAt(step, 0);
    const loop = sumSlotsLoopFor(exchange.buffers.memory);
    if (loop !== null) runLoop(loop, exchange, first, contributing, out);
    else sumSlots(exchange.gradients, first, exchange.slotStride, contributing, out);
    const gradients: tf.NamedTensorMap = {};
    const view = heapView(tf.backend());
    this.variables.forEach((variable, i) => {
      const values = out.subarray(this.offsets[i]!, this.offsets[i]! + variable.size);
      const held = this.held?.[i];
      if (held !== undefined && view !== null) {
        // Taken afresh each time: a view on the WASM heap is only valid until the heap grows.
        view(held).set(values);
        gradients[variable.name] = held;
      } else {
        const tensor = tf.tensor(values, variable.shape);
        this.made.push(tensor);
        gradients[variable.name] = tensor;
      }
    });
    return gradients;
  }

  /** Frees the gradient tensors. */
  dispose(): void {
    tf.dispose(this.held ?? []);
    tf.dispose(this.made.splice(0));
  }
}

/**
 * The backend's view on a tensor's values in place ('wasm': a Float32Array on its heap), or null
 * on a backend that offers none.
 */
function heapView(backend: tf.KernelBackend): ((tensor: tf.Tensor) => Float32Array) | null {
  const wasm = backend as { typedArrayFromHeap?: (tensor: tf.TensorInfo) => unknown };
  if (typeof wasm.typedArrayFromHeap !== 'function') return null;
  return (tensor) => wasm.typedArrayFromHeap!(tensor) as Float32Array;
}

/** The SIMD loop over the whole slots, padded to groups of 4, in place in the shared memory. */
function runLoop(
  loop: SumSlotsLoop,
  exchange: GradientExchange,
  first: number,
  count: number,
  out: Float32Array,
): void {
  const { gradients, slotStride } = exchange;
  loop(gradients.byteOffset + 4 * first, 4 * slotStride, count, out.byteOffset, 4 * slotStride);
}

/**
 * `out` = the sum of the `count` slots of `slots` at `first + k * stride`, added in slot order,
 * each partial sum rounded to float32 (by the store into `out`), as the SIMD loop adds them.
 */
export function sumSlots(
  slots: Float32Array,
  first: number,
  stride: number,
  count: number,
  out: Float32Array,
): void {
  out.set(slots.subarray(first, first + out.length));
  for (let k = 1; k < count; k++) {
    const at = first + k * stride;
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + slots[at + i]!;
  }
}
