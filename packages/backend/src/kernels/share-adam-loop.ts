/**
 * The update loop of a data-parallel training run (`@mnist-wasm/trainer`'s threads) as a tiny
 * WebAssembly SIMD module (`../wat/share-adam-loop.wat`, which explains each step): one thread's
 * share of the weights, every thread's gradients summed in slot order and Adam applied, in place
 * in a shared `WebAssembly.Memory` that every thread views. Its Adam is the AdamUpdate kernel's
 * SIMD loop operation for operation, so each value gets the kernel's bits.
 */
import { wasmBytes } from '../wat/share-adam-loop.generated';
import type { AdamLoopHyper } from './adam-loop';
import { simdModuleBinder } from './simd-module';

/**
 * `sumAdam(slots, stride, count, w, m, v, newW, newM, newV, bytes, b1, 1 - b1, b2, 1 - b2, alpha,
 * epsilon)`: over `bytes / 4` floats (a multiple of 16 bytes), g = the sum of the `count` (>= 1)
 * slots at `slots + k * stride` (k = 0, 1, ..., added in that order in float32), then one Adam step
 * reading w, m, v and writing newW, newM, newV, as the AdamUpdate kernel's SIMD loop computes it.
 * Every pointer is a byte offset into the shared memory the loop was bound to.
 */
export type SumAdamLoop = (
  ...args: [
    slots: number,
    stride: number,
    count: number,
    w: number,
    m: number,
    v: number,
    newW: number,
    newM: number,
    newV: number,
    bytes: number,
    ...hyper: AdamLoopHyper,
  ]
) => void;

/**
 * The {@link SumAdamLoop} bound to the shared `memory`, or `null` where it cannot run: a runtime
 * without WebAssembly SIMD or threads, a memory that is not shared, or while `useSimdModules(false)`
 * has the modules off (the caller then runs its JavaScript twin).
 */
export const sumAdamLoopFor = simdModuleBinder(
  wasmBytes,
  (exports) => exports.sum_adam as SumAdamLoop,
  true,
);
