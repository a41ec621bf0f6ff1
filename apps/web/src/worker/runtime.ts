// What the worker sets up once: the WASM backend, the batch bounds of the page's models, and
// MNIST fetched and kept for every run.
import { initWasmBackend } from '@mnist-wasm/backend';
import { type DownloadProgressCallback, fetchMnist, type Mnist } from '@mnist-wasm/dataset';
import { buildModel, MODEL_KINDS } from '@mnist-wasm/pipeline';
import { maxTrainBatchSize } from '@mnist-wasm/trainer';
import type { MessageOf, ModelKind } from '../protocol';

/**
 * XNNPACK threads: one, whatever the cores, so TF.js loads the plain SIMD binary. Training and
 * inference run through the model's plan in `@mnist-wasm/backend`'s own SIMD kernels, which cannot
 * use the threaded binary's (shared) memory: with it they fall back to their plain JavaScript
 * twins, many times slower than Node (apps/web/README.md has the figures).
 */
const XNNPACK_THREADS = 1;

/** The trainer's largest batch for each kind of model, read from a model built for the purpose. */
function batchBounds(): Record<ModelKind, number> {
  const bounds = MODEL_KINDS.map((kind) => {
    const { model } = buildModel(kind);
    const bound = maxTrainBatchSize(model);
    model.dispose();
    return [kind, bound] as const;
  });
  return Object.fromEntries(bounds) as Record<ModelKind, number>;
}

/** Starts the SIMD WASM backend with its binaries under `baseUrl`/wasm/: the `ready` message. */
export async function startBackend(baseUrl: string): Promise<MessageOf<'ready'>> {
  const wasmPaths = new URL('wasm/', baseUrl).href;
  const backend = await initWasmBackend({ wasmPaths, threads: XNNPACK_THREADS });
  return {
    type: 'ready',
    backend,
    crossOriginIsolated: self.crossOriginIsolated === true,
    hardwareConcurrency: navigator.hardwareConcurrency,
    batchBounds: batchBounds(),
  };
}

/** Both splits in full and how long they took to load. */
export interface LoadedMnist {
  data: Mnist;
  loadMs: number;
}

/**
 * MNIST from `baseUrl`/mnist/, fetched by the first call and kept (a failed or aborted load is
 * tried again by the next call; `signal` aborts the download, e.g. on Stop). `onStart` is called
 * as each download begins, `onProgress` as its bytes arrive.
 */
export function mnistCache(
  baseUrl: () => string,
  onProgress: DownloadProgressCallback,
  onStart: () => void = () => {},
): (signal: AbortSignal) => Promise<LoadedMnist> {
  let loading: Promise<LoadedMnist> | undefined;
  return (signal) => {
    loading ??= (async () => {
      onStart();
      const start = performance.now();
      const url = new URL('mnist/', baseUrl()).href;
      const data = await fetchMnist(url, { signal, onProgress });
      return { data, loadMs: performance.now() - start };
    })();
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
}
