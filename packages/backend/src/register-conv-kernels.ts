import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { convBackwardConfig } from './kernels/ConvBackward';
import { convForwardConfig } from './kernels/ConvForward';
import { convSimdLoopsFor } from './kernels/conv-simd-loops';

/** Names of the kernels {@link registerConvKernels} adds: `['ConvForward', 'ConvBackward']`. */
export const CONV_KERNEL_NAMES = [convForwardConfig.kernelName, convBackwardConfig.kernelName];

/**
 * Registers the Conv2D training kernels (used by the `conv2dForward` and `conv2dBackward` ops) on
 * the 'wasm' backend. Idempotent; {@link initWasmBackend} calls it.
 */
export function registerConvKernels(): void {
  for (const config of [convForwardConfig, convBackwardConfig]) {
    if (tf.getKernel(config.kernelName, 'wasm') === undefined) tf.registerKernel(config);
  }
}

/**
 * Whether `conv2dForward` and `conv2dBackward` run as WebAssembly SIMD here: the active backend is
 * 'wasm' with the Conv2D kernels registered, and the SIMD module can use its memory (the runtime
 * has SIMD, and the backend is not the threaded build, whose memory is shared). Elsewhere the
 * kernels fall back to plain JavaScript loops, equal to the bit but slower.
 */
export function convKernelsUseSimd(): boolean {
  if (tf.getBackend() !== 'wasm') return false;
  if (CONV_KERNEL_NAMES.some((name) => tf.getKernel(name, 'wasm') === undefined)) return false;
  const module = (tf.backend() as BackendWasm).wasm as unknown as {
    asm?: { memory?: WebAssembly.Memory };
  };
  return convSimdLoopsFor(module.asm?.memory) !== null;
}
