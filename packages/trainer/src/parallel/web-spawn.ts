import type { InitWasmBackendOptions } from '@mnist-wasm/backend';
import type {
  SpawnTrainingThread,
  TrainingThreadInit,
  TrainingThreadReply,
} from './thread-protocol';

/**
 * The first and only message a Web Worker training thread receives: what `runTrainingThread`
 * needs, and where the thread finds the WASM binaries to start its own backend.
 */
export interface WebTrainingThreadStart {
  init: TrainingThreadInit;
  wasmPaths: InitWasmBackendOptions['wasmPaths'];
}

/**
 * What the spawner needs of a `Worker`: the DOM's `Worker` has it; tests pass a fake.
 */
export interface TrainingWorker {
  postMessage(message: WebTrainingThreadStart): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(
    type: 'error' | 'messageerror',
    listener: (event: Event & Partial<Pick<ErrorEvent, 'message' | 'filename' | 'lineno'>>) => void,
  ): void;
  terminate(): void;
}

/** Options of {@link webTrainingThreadSpawner}. */
export interface WebTrainingThreadOptions {
  /**
   * Makes one Worker running a script that calls `serveWebTrainingThread()` of
   * `@mnist-wasm/trainer/web`. Written in the app, so that its bundler sees the script:
   * `() => new Worker(new URL('./training-thread.ts', import.meta.url), { type: 'module' })`.
   * It may throw (e.g. where a worker cannot start workers); `train` then fails to start.
   */
  createWorker: () => TrainingWorker;
  /** Where each thread's backend finds the `.wasm` binaries: `initWasmBackend`'s `wasmPaths`. */
  wasmPaths: InitWasmBackendOptions['wasmPaths'];
}

/**
 * A `spawnThread` for `train` in a browser: each helper thread is a Web Worker (made by
 * `createWorker`) that starts its own one-thread WASM backend from `wasmPaths`, builds the model
 * and runs `runTrainingThread`. The page must be cross-origin isolated (the threads share memory).
 * A worker's `error` (its script failed to load, or threw outside the protocol) and `messageerror`
 * end the run with a TrainingThreadError naming the thread. Browsers report no worker's exit, so
 * `terminate()` resolves at once.
 *
 * @example
 * ```ts
 * import { train } from '@mnist-wasm/trainer';
 * import { webTrainingThreadSpawner } from '@mnist-wasm/trainer/web';
 *
 * const spawnThread = webTrainingThreadSpawner({
 *   createWorker: () =>
 *     new Worker(new URL('./training-thread.ts', import.meta.url), { type: 'module' }),
 *   wasmPaths: new URL('wasm/', location.href).href,
 * });
 * await train(model, data, { threads: 2, spawnThread });
 * ```
 */
export function webTrainingThreadSpawner(options: WebTrainingThreadOptions): SpawnTrainingThread {
  const { createWorker, wasmPaths } = options;
  return (init, events) => {
    const worker = createWorker();
    let ended = false;
    worker.addEventListener('message', (event) => {
      if (!ended) events.message(event.data as TrainingThreadReply);
    });
    worker.addEventListener('error', (event) => {
      // Not passed on to the worker that started this one, whose own `error` would then end it.
      event.preventDefault();
      if (!ended) events.error(new Error(workerErrorText(event)));
    });
    worker.addEventListener('messageerror', () => {
      if (!ended) {
        events.error(new Error('a message from the thread could not be read (messageerror)'));
      }
    });
    worker.postMessage({ init, wasmPaths });
    return {
      terminate: () => {
        ended = true;
        worker.terminate();
        return Promise.resolve();
      },
    };
  };
}

/**
 * What a worker's `error` event says: its message and place when it threw, else (a script that
 * could not be loaded or compiled gives a bare `Event`) that its script did not start.
 */
export function workerErrorText(
  event: Partial<Pick<ErrorEvent, 'message' | 'filename' | 'lineno'>>,
): string {
  if (typeof event.message === 'string' && event.message !== '') {
    const place = event.filename ? ` (${event.filename}:${event.lineno ?? 0})` : '';
    return `${event.message}${place}`;
  }
  return "its script could not be loaded or did not start (the browser's console names the cause)";
}
