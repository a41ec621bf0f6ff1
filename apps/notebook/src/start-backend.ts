import { initWasmBackend, type WasmBackendReport } from '@mnist-wasm/backend';
import type { Print } from './notebook-output';

/** Makes the SIMD WASM backend active and prints what runs the notebook, with its seed. */
export async function startBackend(seed: number, print: Print): Promise<WasmBackendReport> {
  const backend = await initWasmBackend();
  const threads = `${backend.threads} thread${backend.threads === 1 ? '' : 's'}`;
  print(
    `TensorFlow.js ${backend.tfjsVersion} on the '${backend.backend}' backend ` +
      `(SIMD ${backend.simd ? 'on' : 'off'}, ${threads}), seed ${seed}`,
  );
  return backend;
}
