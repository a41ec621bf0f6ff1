import { initWasmBackend } from '@mnist-wasm/backend';
import type { TrainingThreadReply } from './thread-protocol';
import { runTrainingThread } from './training-thread';
import type { WebTrainingThreadStart } from './web-spawn';

/** What {@link serveWebTrainingThread} needs of the worker's global scope. */
export interface TrainingThreadScope {
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: TrainingThreadReply): void;
  close(): void;
}

/**
 * Makes this Web Worker a training thread of a data-parallel `train` (the worker side of
 * `webTrainingThreadSpawner`): on the spawner's one message it starts the WASM backend on one
 * XNNPACK thread, then runs `runTrainingThread` until the run stops, and closes the worker. A
 * failure to start (the binaries not found, the model not built) is posted as `failed`, which ends
 * the run with a TrainingThreadError naming it.
 *
 * @param scope - The worker's global scope (`self`, the default).
 * @example
 * ```ts
 * // training-thread.ts, the script the app's `createWorker` starts
 * import { serveWebTrainingThread } from '@mnist-wasm/trainer/web';
 * serveWebTrainingThread();
 * ```
 */
export function serveWebTrainingThread(
  scope: TrainingThreadScope = self as unknown as TrainingThreadScope,
): void {
  let started = false;
  scope.addEventListener('message', (event) => {
    if (started) return;
    started = true;
    void runWebTrainingThread(event.data as WebTrainingThreadStart, scope);
  });
}

async function runWebTrainingThread(
  start: WebTrainingThreadStart,
  scope: TrainingThreadScope,
): Promise<void> {
  const post = (reply: TrainingThreadReply) => scope.postMessage(reply);
  try {
    await initWasmBackend({ wasmPaths: start.wasmPaths, threads: 1 });
    // The test-only `killAtStep` fault: `close()` takes effect only once the thread yields, which
    // its loop does not do, so in a page the fault does not end the thread abruptly as it does in
    // Node (where the thread exits at once); a failing start is what the page's checks test.
    await runTrainingThread(start.init, post, () => scope.close());
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    post({ kind: 'failed', message });
  } finally {
    // Its work is over either way: the coordinator ends it too, this frees it at once.
    scope.close();
  }
}
