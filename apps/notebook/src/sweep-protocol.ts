import type { RunFlags } from './run-flags';

/** What a sweep worker is started with (`workerData`): the settings every one of its runs uses. */
export interface SweepWorkerData {
  flags: RunFlags;
}

/** Main thread to worker: train and evaluate the notebook with this seed. */
export interface SweepTask {
  seed: number;
}

/** Worker to main thread: one run's outcome. */
export type SweepReply =
  | { kind: 'done'; seed: number; testLoss: number; testAccuracy: number; trainMs: number }
  | { kind: 'failed'; seed: number; message: string };
