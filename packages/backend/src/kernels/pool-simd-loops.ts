/**
 * The loops of the max-pooling training kernels as a WebAssembly SIMD module, written in
 * WebAssembly text (`../wat/pool-simd-loops.wat`, which explains each loop) and assembled at build
 * time with wabt into `../wat/pool-simd-loops.generated.ts`. Like the Dense loops it imports
 * tfjs-backend-wasm's memory, so it reads and writes tensors where they are.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { wasmBytes } from '../wat/pool-simd-loops.generated';
import { type PoolLoops, plainPoolLoops } from './pool-loops';
import { loopsOf, simdModuleBinder } from './simd-module';

/**
 * The SIMD {@link PoolLoops} bound to `memory`, or `null` where they cannot run: a runtime without
 * WebAssembly SIMD, or a shared (threaded) memory, which this module's import does not match.
 */
export const poolSimdLoopsFor = simdModuleBinder(
  wasmBytes,
  (exports): PoolLoops => ({
    forward: exports.forward as PoolLoops['forward'],
    backward: exports.backward as PoolLoops['backward'],
  }),
);

/** The loops the pooling kernels run on `backend`: the SIMD module where it can run, else plain JS. */
export function poolLoopsOf(backend: BackendWasm): PoolLoops {
  return loopsOf(backend, poolSimdLoopsFor, plainPoolLoops);
}
