// How many threads the page trains on.

/**
 * The most threads the page trains on by default, whatever the cores: more threads than cores
 * only take turns, and a tab's visitor has other things running.
 */
export const DEFAULT_MAX_THREADS = 4;

/** What decides the page's threads. */
export interface ThreadFacts {
  /** `self.crossOriginIsolated`: threads share memory only in an isolated page. */
  crossOriginIsolated: boolean;
  /** Whether a worker can start workers here (`typeof Worker === 'function'` in the worker). */
  nestedWorkers: boolean;
  hardwareConcurrency: number;
  /** Threads asked for in the page's URL (`?threads=N`), if any. */
  requested: number | undefined;
}

/** The page's training threads, and why one when the page cannot use more. */
export interface PageThreads {
  threads: number;
  /** Why the page trains on one thread although the machine has more cores; else null. */
  oneThreadWhy: string | null;
}

/**
 * The threads the page trains on: `?threads=N` if given, else the cores up to
 * {@link DEFAULT_MAX_THREADS}; one, with the reason, when the page is not cross-origin isolated
 * (no `SharedArrayBuffer`: the host did not send COOP and COEP) or a worker cannot start workers.
 */
export function pageThreads(facts: ThreadFacts): PageThreads {
  const cores = Math.max(1, Math.floor(facts.hardwareConcurrency) || 1);
  const wanted = facts.requested ?? Math.min(cores, DEFAULT_MAX_THREADS);
  if (wanted <= 1) return { threads: 1, oneThreadWhy: null };
  if (!facts.crossOriginIsolated) {
    return {
      threads: 1,
      oneThreadWhy:
        'the page is not cross-origin isolated (its host sends no Cross-Origin-Opener-Policy and ' +
        'Cross-Origin-Embedder-Policy headers), so threads cannot share memory',
    };
  }
  if (!facts.nestedWorkers) {
    return { threads: 1, oneThreadWhy: 'this browser cannot start workers from a worker' };
  }
  return { threads: wanted, oneThreadWhy: null };
}
