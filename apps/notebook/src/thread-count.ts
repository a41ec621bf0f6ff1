import { availableParallelism } from 'node:os';

/** The most threads `--threads` takes by default, however many cores there are. */
export const DEFAULT_MAX_THREADS = 4;

/**
 * `--threads`: from 1 to the cores this process may use (`os.availableParallelism()`): more
 * threads than cores only take turns.
 */
export function threadsRange(): { min: number; max: number } {
  return { min: 1, max: Math.max(1, availableParallelism()) };
}

/** `--threads`'s default: every core available, at most {@link DEFAULT_MAX_THREADS}. */
export function defaultThreads(): number {
  return Math.min(threadsRange().max, DEFAULT_MAX_THREADS);
}

/** The line the notebook prints before training: how many threads, and why one if so. */
export function describeThreads(threads: number, refusal: string | null): string {
  const count = `${threads} thread${threads === 1 ? '' : 's'}`;
  if (refusal !== null) return `Trained on ${count}: ${refusal}.`;
  return threads === 1
    ? `Training on ${count} (--threads 1).`
    : `Training on ${count}: each batch split between them, one summed update per step.`;
}
