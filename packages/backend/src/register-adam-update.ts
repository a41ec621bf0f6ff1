import * as tf from '@tensorflow/tfjs-core';
import { AdamUpdate } from './kernel-names';
import { adamUpdateConfig } from './kernels/AdamUpdate';

/**
 * Registers the fused Adam kernel ({@link AdamUpdate}, used by the `adamUpdate` op) on the 'wasm'
 * backend. Idempotent; {@link initWasmBackend} calls it.
 */
export function registerAdamUpdate(): void {
  if (tf.getKernel(AdamUpdate, 'wasm') === undefined) tf.registerKernel(adamUpdateConfig);
}
