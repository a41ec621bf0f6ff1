import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { TrainerError } from '../errors';
import type { SpawnTrainingThread } from './thread-protocol';

/**
 * Starts a training thread of a data-parallel `train` as a Node worker thread: pass it as
 * `spawnThread` with `threads` > 1. Each thread starts its own WASM backend and model; the
 * training examples are shared with it, not copied. It reads the test-only fault hook
 * `MNIST_WASM_FAULT_KILL_WORKER_AT_STEP` (a step number: thread 1 ends itself there).
 *
 * @example
 * ```ts
 * import { train } from '@mnist-wasm/trainer';
 * import { spawnNodeTrainingThread } from '@mnist-wasm/trainer/node';
 *
 * await train(model, data, { threads: 2, spawnThread: spawnNodeTrainingThread });
 * ```
 */
export const spawnNodeTrainingThread: SpawnTrainingThread = (init, events) => {
  const killAt = Number(process.env.MNIST_WASM_FAULT_KILL_WORKER_AT_STEP);
  const worker = new Worker(trainingThreadScript(), {
    // A small young generation: a thread allocates little per step, and every megabyte of it is
    // resident memory the thread adds.
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
    workerData: Number.isInteger(killAt) && killAt > 0 ? { ...init, killAtStep: killAt } : init,
  });
  worker.on('message', events.message);
  worker.on('error', events.error);
  worker.on('exit', events.exit);
  return { terminate: () => worker.terminate() };
};

/**
 * The built thread script, `training-thread.js`: next to this module in `dist/`, or, from the
 * sources (tests), in `../../dist/`.
 */
function trainingThreadScript(): URL {
  const candidates = [
    new URL('./training-thread.js', import.meta.url),
    new URL('../../dist/training-thread.js', import.meta.url),
  ];
  const found = candidates.find((url) => existsSync(url));
  if (found === undefined) {
    throw new TrainerError(
      `spawnNodeTrainingThread: the thread script training-thread.js is missing (looked for ${candidates
        .map((url) => url.pathname)
        .join(' and ')}); build @mnist-wasm/trainer first.`,
    );
  }
  return found;
}
