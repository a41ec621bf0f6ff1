import { availableParallelism } from 'node:os';
import { UsageError } from './errors';

/** The most threads `--threads` takes by default, however many cores there are. */
export const DEFAULT_MAX_THREADS = 4;

/** The cores this process may use (`os.availableParallelism()`). */
export function availableCores(): number {
  return Math.max(1, availableParallelism());
}

/** `--threads`'s default: every core available, at most {@link DEFAULT_MAX_THREADS}. */
export function defaultThreads(cores = availableCores()): number {
  return Math.min(cores, DEFAULT_MAX_THREADS);
}

/**
 * Checks `--threads` against the cores: more threads than cores only take turns, each step
 * waiting for the slowest.
 * @throws UsageError naming --threads, the value and the bound.
 */
export function checkThreadsFlag(threads: number, cores = availableCores()): void {
  if (threads <= cores) return;
  throw new UsageError(
    `--threads ${threads} is more than the ${cores} core${cores === 1 ? '' : 's'} of this machine: ` +
      'every step waits for the slowest thread, and threads beyond the cores only take turns; ' +
      `give --threads from 1 to ${cores}, or leave it out (${defaultThreads(cores)} here).`,
  );
}

/** The note after training when `--threads` asked for more threads than the run could use. */
export function describeThreadRefusal(threads: number, refusal: string): string {
  return `Trained on ${threads} thread${threads === 1 ? '' : 's'}: ${refusal}.`;
}
