/**
 * The loops of the Dense training kernels as a WebAssembly SIMD module, written in WebAssembly
 * text (`../wat/dense-simd-loops.wat`, which explains each loop) and assembled at build time with
 * wabt into `../wat/dense-simd-loops.generated.ts`. Like the Adam loop (`adam-simd-loop.ts`) it
 * imports tfjs-backend-wasm's memory, so it reads and writes tensors where they are.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { wasmBytes } from '../wat/dense-simd-loops.generated';
import { type DenseLoops, plainDenseLoops } from './dense-loops';
import { loopsOf, simdModuleBinder } from './simd-module';

/**
 * The SIMD {@link DenseLoops} bound to `memory`, or `null` where they cannot run: a runtime without
 * WebAssembly SIMD, or a shared (threaded) memory, which this module's import does not match.
 */
export const denseSimdLoopsFor = simdModuleBinder(
  wasmBytes,
  (exports): DenseLoops => ({
    forward: exports.forward as DenseLoops['forward'],
    activate: exports.activate as DenseLoops['activate'],
    gate: exports.gate as DenseLoops['gate'],
    columnSums: exports.column_sums as DenseLoops['columnSums'],
    kernelGradient: exports.kernel_gradient as DenseLoops['kernelGradient'],
    inputGradient: exports.input_gradient as DenseLoops['inputGradient'],
  }),
);

/** The loops the Dense kernels run on `backend`: the SIMD module where it can run, else plain JS. */
export function denseLoopsOf(backend: BackendWasm): DenseLoops {
  return loopsOf(backend, denseSimdLoopsFor, plainDenseLoops);
}
