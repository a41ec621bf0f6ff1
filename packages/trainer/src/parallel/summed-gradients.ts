import { type SumSlotsLoop, sumSlotsLoopFor } from '@mnist-wasm/backend';
import * as tf from '@tensorflow/tfjs-core';
import type { GradientExchange } from './gradient-exchange';

/**
 * One thread's view of a step's summed gradients: every thread's slot added in thread order
 * 0, 1, ..., N-1 into this thread's own sum (`sumSlotsLoopFor` of `@mnist-wasm/backend` in place
 * in the shared memory; {@link sumSlots} is its JavaScript twin), then one tensor per variable.
 * Every thread adds the same slots in the same order, so every thread's Adam update gets the same
 * bits and the weights stay identical without being sent anywhere.
 */
export class SummedGradients {
  private readonly offsets: number[] = [];

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
  }

  /**
   * The sum of step `step`'s slots of the threads that had rows (the first `contributing`), as
   * gradients by variable name, for `optimizer.applyGradients`. The caller disposes them.
   */
  of(step: number, contributing: number): tf.NamedTensorMap {
    const exchange = this.exchange;
    const out = exchange.sum(this.thread);
    const first = exchange.slotAt(step, 0);
    const loop = sumSlotsLoopFor(exchange.buffers.memory);
    if (loop !== null) runLoop(loop, exchange, first, contributing, out);
    else sumSlots(exchange.gradients, first, exchange.slotStride, contributing, out);
    const gradients: tf.NamedTensorMap = {};
    this.variables.forEach((variable, i) => {
      const start = this.offsets[i]!;
      gradients[variable.name] = tf.tensor(
        out.subarray(start, start + variable.size),
        variable.shape,
      );
    });
    return gradients;
  }
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
