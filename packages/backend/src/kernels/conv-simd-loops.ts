/**
 * The loops of the Conv2D training kernels as a WebAssembly SIMD module, written in WebAssembly
 * text (`../wat/conv-simd-loops.wat`, which explains each loop) and assembled at build time with
 * wabt into `../wat/conv-simd-loops.generated.ts`. Like the Dense loops it imports
 * tfjs-backend-wasm's memory, so it reads and writes tensors where they are.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { wasmBytes } from '../wat/conv-simd-loops.generated';
import { type ConvLoops, plainConvLoops } from './conv-loops';
import { loopsOf, simdModuleBinder } from './simd-module';

/**
 * The SIMD {@link ConvLoops} bound to `memory`, or `null` where they cannot run: a runtime without
 * WebAssembly SIMD, or a shared (threaded) memory, which this module's import does not match.
 */
export const convSimdLoopsFor = simdModuleBinder(
  wasmBytes,
  (exports): ConvLoops => ({
    forward: exports.forward as ConvLoops['forward'],
    backward: exports.backward as ConvLoops['backward'],
    backwardPooled: exports.backward_pooled as ConvLoops['backwardPooled'],
  }),
);

/** The loops the Conv2D kernels run on `backend`: the SIMD module where it can run, else plain JS. */
export function convLoopsOf(backend: BackendWasm): ConvLoops {
  return loopsOf(backend, convSimdLoopsFor, plainConvLoops);
}
