import * as tf from '@tensorflow/tfjs-core';
import { poolBackwardConfig } from './kernels/PoolBackward';
import { poolForwardConfig } from './kernels/PoolForward';

/** Names of the kernels {@link registerPoolKernels} adds: `['PoolForward', 'PoolBackward']`. */
export const POOL_KERNEL_NAMES = [poolForwardConfig.kernelName, poolBackwardConfig.kernelName];

/**
 * Registers the max-pooling training kernels (used by the `maxPoolForward` and `maxPoolBackward`
 * ops) on the 'wasm' backend. Idempotent; {@link initWasmBackend} calls it.
 */
export function registerPoolKernels(): void {
  for (const config of [poolForwardConfig, poolBackwardConfig]) {
    if (tf.getKernel(config.kernelName, 'wasm') === undefined) tf.registerKernel(config);
  }
}
