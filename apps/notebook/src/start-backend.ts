import { initWasmBackend, type WasmBackendReport } from '@mnist-wasm/backend';
import type { Print } from './notebook-output';

/**
 * Makes the SIMD WASM backend active and prints what runs the notebook: the backend, the seed and
 * the threads training is asked to use (`--threads`).
 */
export async function startBackend(
  seed: number,
  print: Print,
  threads = 1,
): Promise<WasmBackendReport> {
  const backend = await initWasmBackend();
  const training = `${threads} training thread${threads === 1 ? '' : 's'}`;
  print(
    `TensorFlow.js ${backend.tfjsVersion} on the '${backend.backend}' backend ` +
      `(SIMD ${backend.simd ? 'on' : 'off'}), seed ${seed}, ${training}`,
  );
  return backend;
}
