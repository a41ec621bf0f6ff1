// How many threads the page trains on.

/**
 * The threads the page trains on unless the URL asks for more (`?threads=N`): one, as
 * `mnist-notebook --threads` defaults to one, because two threads measured slower than one in the
 * tab on the machine this project is measured on (the web README's "One and two threads").
 */
export const DEFAULT_THREADS = 1;

/** What decides the page's threads. */
export interface ThreadFacts {
  /** `self.crossOriginIsolated`: threads share memory only in an isolated page. */
  crossOriginIsolated: boolean;
  /** Whether a worker can start workers here (`typeof Worker === 'function'` in the worker). */
  nestedWorkers: boolean;
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
 * The threads the page trains on: `?threads=N` if given, else {@link DEFAULT_THREADS}; one, with
 * the reason, when more were asked for but the page is not cross-origin isolated (no
 * `SharedArrayBuffer`: the host did not send COOP and COEP) or a worker cannot start workers.
 */
export function pageThreads(facts: ThreadFacts): PageThreads {
  const wanted = facts.requested ?? DEFAULT_THREADS;
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
