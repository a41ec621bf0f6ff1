import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll } from 'vitest';

/** Runs the calling test file on the pure-JS CPU backend, the reference for the WASM one. */
export function useCpuBackend(): void {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
}
