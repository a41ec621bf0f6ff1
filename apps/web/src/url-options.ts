// What the page's URL may ask of the worker: `?threads=N`, and test-only faults.
import type { PageFault, PageToWorker } from './protocol';

/** The most threads `?threads=` may ask for. */
const MAX_URL_THREADS = 16;

const FAULTS: readonly PageFault[] = ['thread-script'];

/**
 * The worker's `init` options read from the page URL's `search`: `threads` from `?threads=N` (a
 * whole number from 1 to 16; anything else is ignored, leaving the default), `fault` from
 * `?fault=` (test-only, see {@link PageFault}).
 */
export function urlOptions(
  search: string,
): Omit<Extract<PageToWorker, { type: 'init' }>, 'type' | 'baseUrl'> {
  const params = new URLSearchParams(search);
  const threads = Number(params.get('threads') ?? Number.NaN);
  const fault = FAULTS.find((each) => each === params.get('fault'));
  return {
    ...(Number.isInteger(threads) && threads >= 1 && threads <= MAX_URL_THREADS && { threads }),
    ...(fault && { fault }),
  };
}
