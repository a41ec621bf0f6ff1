// What the worker sets up once: the WASM backend, the batch bounds of the page's models, and
// the chosen data set fetched and kept for every run.
import { initWasmBackend } from '@mnist-wasm/backend';
import {
  type DownloadProgressCallback,
  type FetchIdxFolderOptions,
  type Mnist,
  withSharedImages,
} from '@mnist-wasm/dataset';
import { buildModel, MODEL_KINDS } from '@mnist-wasm/pipeline';
import { maxTrainBatchSize } from '@mnist-wasm/trainer';
import type { MessageOf, ModelKind } from '../protocol';
import { pageThreads } from './thread-count';

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

/** Where the WASM binaries are: `baseUrl`/wasm/ (the training worker's and its helper threads'). */
export const wasmFolder = (baseUrl: string) => new URL('wasm/', baseUrl).href;

/**
 * Starts the SIMD WASM backend with its binaries under `baseUrl`/wasm/ and decides the threads a
 * run trains on (`requested`, from the page's URL, or the default): the `ready` message.
 */
export async function startBackend(
  baseUrl: string,
  requested?: number,
): Promise<MessageOf<'ready'>> {
  const backend = await initWasmBackend({
    wasmPaths: wasmFolder(baseUrl),
    threads: XNNPACK_THREADS,
  });
  const crossOriginIsolated = self.crossOriginIsolated === true;
  const { hardwareConcurrency } = navigator;
  return {
    type: 'ready',
    backend,
    crossOriginIsolated,
    hardwareConcurrency,
    ...pageThreads({
      crossOriginIsolated,
      nestedWorkers: typeof Worker === 'function',
      requested,
    }),
    batchBounds: batchBounds(),
  };
}

/** What a task needs of the data: the first `train` training examples, and the test set or not. */
export interface MnistNeed {
  train: number;
  test: boolean;
}

/** Where the data comes from: the same `key` reuses what was kept, another drops it. */
export interface DataSource {
  key: string;
  /** Fetches the splits as far as the options' limits need, with the data set's class names. */
  fetch: (options: FetchIdxFolderOptions) => Promise<Mnist & { classNames: string[] }>;
}

/** The splits loaded so far, how long their last download took, and the class names. */
export interface LoadedMnist {
  /** The training examples loaded so far (at least the ones asked for), and the test set if asked. */
  data: Mnist;
  loadMs: number;
  classNames: string[];
}

/**
 * The data of a source, fetched as far as the tasks need and kept: a call fetches only what no
 * earlier call did for the same source (more training examples than kept, or the test set); a
 * call for another source drops what was kept. A failed or aborted download is tried again by
 * the next call, and `signal` aborts it, e.g. on Stop. `onStart` is called with the number of
 * files as a download begins, `onProgress` as their bytes arrive. With `sharedTrain()` true, the
 * training images are kept in a `SharedArrayBuffer`, for the helper threads of a run.
 */
export function mnistCache(
  onProgress: DownloadProgressCallback,
  onStart: (files: number) => void = () => {},
  sharedTrain: () => boolean = () => false,
): (source: DataSource, need: MnistNeed, signal: AbortSignal) => Promise<LoadedMnist> {
  let keptKey = '';
  let kept: Mnist | undefined;
  let classNames: string[] = [];
  /** Whether the kept training split is the whole file (fewer examples than asked came back). */
  let allTrain = false;
  let loadMs = 0;
  return async (source, need, signal) => {
    if (source.key !== keptKey) {
      kept = undefined;
      allTrain = false;
    }
    const moreTrain = !allTrain && need.train > (kept?.train.count ?? 0);
    const test = need.test && (kept?.test.count ?? 0) === 0;
    if (kept !== undefined && !moreTrain && !test) return { data: kept, loadMs, classNames };
    onStart((moreTrain ? 2 : 0) + (test ? 2 : 0));
    const start = performance.now();
    const loaded = await source.fetch({
      signal,
      onProgress,
      trainLimit: moreTrain ? need.train : 0,
      testLimit: test ? undefined : 0,
    });
    loadMs = performance.now() - start;
    if (moreTrain) allTrain = loaded.train.count < need.train;
    // In shared memory once, here, for runs on several threads: else the trainer copies the
    // images at every run.
    const train = sharedTrain() ? withSharedImages(loaded.train) : loaded.train;
    kept = {
      train: moreTrain || kept === undefined ? train : kept.train,
      test: test || kept === undefined ? loaded.test : kept.test,
    };
    keptKey = source.key;
    classNames = loaded.classNames;
    return { data: kept, loadMs, classNames };
  };
}
