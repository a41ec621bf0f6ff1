import { availableParallelism } from 'node:os';
import { UsageError } from './errors';

/**
 * `--threads`'s default: one thread, today's single-threaded run. Two threads do not yet train
 * faster than one on a 2-core machine (packages/trainer/README.md, "Threads", has the figures), so
 * more threads are something to ask for until they pay.
 */
export const DEFAULT_THREADS = 1;

/** The cores this process may use (`os.availableParallelism()`). */
export function availableCores(): number {
  return Math.max(1, availableParallelism());
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
      `give --threads from 1 to ${cores}, or leave it out for ${DEFAULT_THREADS}.`,
  );
}

/** The note after training when `--threads` asked for more threads than the run could use. */
export function describeThreadRefusal(threads: number, refusal: string): string {
  return `Trained on ${threads} thread${threads === 1 ? '' : 's'}: ${refusal}.`;
}
