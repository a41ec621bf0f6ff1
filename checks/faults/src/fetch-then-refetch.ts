// The shape of a browser loader's server fault (fetchMnist, fetchIdxFolder): the fetch from a
// server answering badly for one file must end in the error named, naming that file's URL, within
// its bounds; the same fetch from the server answering well must then complete.
import { describe, it } from 'vitest';
import type { ChildRun } from './child';
import type { Handler } from './server';
import { CAP_MB, failureProblems, type Outcomes, successProblems } from './verdict';

/** Runs the loader's child with these options (`baseUrl`, `timeoutMs`) and wall-clock bound. */
export type FetchChild = (options: object, maxWallMs: number) => Promise<ChildRun>;

/** One server fault of a loader. */
export interface FetchFaultCase {
  /** The row's name, e.g. `fetchMnist: status 404`. */
  name: string;
  baseUrl: string;
  /** The URL the error must name: the file the server answers badly for. */
  url: string;
  /** The error class expected. */
  error: string;
  /** The loader's idle timeout for the faulty fetch. */
  timeoutMs: number;
  maxWallMs: number;
}

/**
 * Fetches once with the fault switched on (`setFault(true)`) and once more with it off, and records
 * in `outcomes` whether the fault was survived: the typed error naming the URL, under the dataset
 * cap, then a complete fetch.
 */
export async function expectFetchThenRefetch(
  outcomes: Outcomes,
  fetch: FetchChild,
  setFault: (on: boolean) => void,
  { name, baseUrl, url, error, timeoutMs, maxWallMs }: FetchFaultCase,
): Promise<void> {
  setFault(true);
  let run: ChildRun;
  try {
    run = await fetch({ baseUrl, timeoutMs }, maxWallMs);
  } finally {
    setFault(false);
  }
  const problems = failureProblems(run, { error, names: url, capMb: CAP_MB.dataset, maxWallMs });
  const again = await fetch({ baseUrl }, 30_000);
  problems.push(
    ...successProblems(again, { capMb: CAP_MB.dataset, maxWallMs: 30_000 }).map(
      (p) => `fetch afterwards: ${p}`,
    ),
  );
  outcomes.expectSurvived(
    name,
    `${error} naming the URL within ${maxWallMs / 1000} s; a later fetch from a good server completes`,
    [run, again],
    CAP_MB.dataset,
    problems,
  );
}

/** One row of {@link describeFetchFaults}: the file the server answers badly for, and how. */
export interface ServerFault {
  fault: string;
  file: string;
  handler: Handler;
  timeoutMs: number;
  maxWallMs: number;
  error: string;
}

/**
 * A `describe` with one test per fault of `faults`, each through {@link expectFetchThenRefetch}:
 * `loader` names the rows, `setFault` switches the server's answer for a file on or off, and
 * `urlOf` gives a file's URL.
 */
export function describeFetchFaults(
  loader: string,
  faults: readonly ServerFault[],
  options: {
    outcomes: Outcomes;
    fetch: FetchChild;
    baseUrl: () => string;
    setFault: (fault: { file: string; handler: Handler } | undefined) => void;
    urlOf: (file: string) => string;
  },
): void {
  describe(`${loader} with a hostile server for one file`, () => {
    for (const { fault: name, file, handler, timeoutMs, maxWallMs, error } of faults) {
      it(name, () =>
        expectFetchThenRefetch(
          options.outcomes,
          options.fetch,
          (on) => options.setFault(on ? { file, handler } : undefined),
          {
            name: `${loader}: ${name}`,
            baseUrl: options.baseUrl(),
            url: options.urlOf(file),
            error,
            timeoutMs,
            maxWallMs,
          },
        ),
      );
    }
  });
}
