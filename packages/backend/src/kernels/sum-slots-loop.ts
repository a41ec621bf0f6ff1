/**
 * The gradient sum of a data-parallel training run (`@mnist-wasm/trainer`'s threads) as a tiny
 * WebAssembly SIMD module (`../wat/sum-slots-loop.wat`): every thread's gradient slot added in slot
 * order, in a shared `WebAssembly.Memory` that every thread views.
 */
import { wasmBytes } from '../wat/sum-slots-loop.generated';
import { simdModuleBinder } from './simd-module';

/**
 * `sumSlots(slots, stride, count, out, bytes)`: over `bytes / 4` floats (a multiple of 16 bytes),
 * `out` = the sum of the `count` (>= 1) slots at `slots + k * stride` (k = 0, 1, ..., added in that
 * order, each partial sum rounded to float32). Every pointer is a byte offset into the shared
 * memory the loop was bound to.
 */
export type SumSlotsLoop = (
  slots: number,
  stride: number,
  count: number,
  out: number,
  bytes: number,
) => void;

/**
 * The {@link SumSlotsLoop} bound to the shared `memory`, or `null` where it cannot run: a runtime
 * without WebAssembly SIMD or threads, a memory that is not shared, or while `useSimdModules(false)`
 * has the modules off (the caller then runs its JavaScript twin).
 */
export const sumSlotsLoopFor = simdModuleBinder(
  wasmBytes,
  (exports) => exports.sum_slots as SumSlotsLoop,
  true,
);
