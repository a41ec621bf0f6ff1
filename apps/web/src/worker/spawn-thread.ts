// How the training worker starts its helper threads.
import type { SpawnTrainingThread } from '@mnist-wasm/trainer';
import { webTrainingThreadSpawner } from '@mnist-wasm/trainer/web';
import type { PageFault } from '../protocol';

/**
 * Starts each helper thread as a Web Worker running training-thread.ts, its backend's binaries
 * under `wasmPaths`. With the test-only `fault` 'thread-script', the worker's script is one that
 * does not exist, as a failed download of it would be.
 */
export function spawnPageThread(wasmPaths: string, fault?: PageFault): SpawnTrainingThread {
  return webTrainingThreadSpawner({
    wasmPaths,
    createWorker: () =>
      fault === 'thread-script'
        ? new Worker(new URL('missing-training-thread.js', wasmPaths), { type: 'module' })
        : new Worker(new URL('./training-thread.ts', import.meta.url), { type: 'module' }),
  });
}
