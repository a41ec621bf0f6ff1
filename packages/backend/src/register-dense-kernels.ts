import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { denseBackwardConfig } from './kernels/DenseBackward';
import { denseForwardConfig } from './kernels/DenseForward';
import { denseSimdLoopsFor } from './kernels/dense-simd-loops';

/** Names of the kernels {@link registerDenseKernels} adds: `['DenseForward', 'DenseBackward']`. */
export const DENSE_KERNEL_NAMES = [denseForwardConfig.kernelName, denseBackwardConfig.kernelName];

/**
 * Registers the Dense training kernels (used by the `denseForward` and `denseBackward` ops) on
 * the 'wasm' backend. Idempotent; {@link initWasmBackend} calls it.
 */
export function registerDenseKernels(): void {
  for (const config of [denseForwardConfig, denseBackwardConfig]) {
    if (tf.getKernel(config.kernelName, 'wasm') === undefined) tf.registerKernel(config);
  }
}

/**
 * Whether `denseForward` and `denseBackward` run as WebAssembly SIMD here: the active backend is
 * 'wasm' with the Dense kernels registered, and the SIMD module can use its memory (the runtime
 * has SIMD, and the backend is not the threaded build, whose memory is shared). Elsewhere the
 * kernels fall back to plain JavaScript loops, correct but slower than stock TF.js ops.
 */
export function denseKernelsUseSimd(): boolean {
  if (tf.getBackend() !== 'wasm') return false;
  if (DENSE_KERNEL_NAMES.some((name) => tf.getKernel(name, 'wasm') === undefined)) return false;
  const module = (tf.backend() as BackendWasm).wasm as unknown as {
    asm?: { memory?: WebAssembly.Memory };
  };
  return denseSimdLoopsFor(module.asm?.memory) !== null;
}
