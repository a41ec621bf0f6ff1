import { DatasetOptionError, DownloadError } from './errors';
import {
  DEFAULT_DOWNLOAD_TIMEOUT_MS,
  type DownloadProgressCallback,
  type FetchSettings,
  fetchBounded,
} from './fetch-bounded';
import { fileLimits } from './file-limits';
import { MNIST_FILES, type MnistFile } from './files';
import { gunzip, isGzip } from './gzip';
import { type Mnist, parseMnistSplit } from './mnist-split';
import { HTTP_FOLDER_URL, isHttpUrl, mnistFileUrl } from './mnist-url';

/** Options of {@link fetchMnist}. */
export interface FetchMnistOptions {
  /** Aborts the downloads: `fetchMnist` then rejects with the signal's `reason`. */
  signal?: AbortSignal;
  /**
   * Called as each file's bytes arrive: its name, the bytes received so far and the total when the
   * server sends a Content-Length (undefined otherwise), e.g. to draw a progress bar.
   */
  onProgress?: DownloadProgressCallback;
  /**
   * Idle timeout in milliseconds: a file fails when the server sends no answer, or no new bytes,
   * for this long. Default {@link DEFAULT_DOWNLOAD_TIMEOUT_MS}.
   */
  timeoutMs?: number;
  /** Keep only the first N training examples (all when fewer). Default: all 60,000. */
  trainLimit?: number;
  /** Keep only the first N test examples (all when fewer). Default: all 10,000. */
  testLimit?: number;
}

/** The four files in the order {@link fetchMnist} parses them: train, then test; images, then labels. */
const FILES = [
  MNIST_FILES.trainImages,
  MNIST_FILES.trainLabels,
  MNIST_FILES.testImages,
  MNIST_FILES.testLabels,
] as const;

/**
 * Loads MNIST over HTTP with `fetch`, in a browser, a Web Worker or Node: the four original files,
 * `NAME.gz` under `baseUrl`, all at once, like Keras's `mnist.load_data()` but from your own server.
 *
 * Memory stays bounded by the original files' sizes: a body larger than any gzip of the original
 * is stopped as it arrives (a Content-Length above it is refused before reading), and
 * decompression stops at the original's size. A server that decoded the gzip already
 * (`Content-Encoding: gzip`, or the raw file served under the `.gz` name) is fine: the bytes say
 * whether they are gzip. Every file must be the original's size once decompressed. Either all
 * four load or an error is thrown; on the first error the other downloads are aborted.
 *
 * @param baseUrl - Absolute http(s) URL of the folder holding the four `.gz` files, e.g.
 *   `new URL('mnist/', location.href).href`.
 * @param options - `signal`, `onProgress`, `timeoutMs`, `trainLimit`, `testLimit`; see
 *   {@link FetchMnistOptions}.
 * @returns `{ train, test }`, each a `MnistSplit`: uint8 features `[count, 28, 28]` with pixels
 *   0-255, uint8 labels 0-9, 10 classes.
 * @throws DownloadError for an HTTP error status (`status` holds it), a refused or dropped
 *   connection, no bytes for `timeoutMs`, a body cut short of its Content-Length, a body larger
 *   than any gzip of the original, or a file whose size is not the original's; the message names
 *   the URL and what to do.
 * @throws GzipError for corrupt gzip data, or data that decompresses past the original's size.
 * @throws IdxFormatError, MnistContentError when a file of the right size is not MNIST data.
 * @throws DatasetOptionError for a `baseUrl` that is not an absolute http(s) URL, a `timeoutMs`
 *   that is not > 0, or a limit that is not a whole number >= 0.
 * @throws The `signal`'s reason when it aborts (by default a `DOMException` named `AbortError`).
 *
 * @example
 * ```ts
 * const { train, test } = await fetchMnist(new URL('mnist/', location.href).href, {
 *   onProgress: (file, received, total) => console.log(file, received, total),
 * });
 * train.count; // 60000
 * test.labels.slice(0, 5); // Uint8Array [7, 2, 1, 0, 4]
 * ```
 */
export async function fetchMnist(baseUrl: string, options: FetchMnistOptions = {}): Promise<Mnist> {
  const { signal, onProgress, timeoutMs = DEFAULT_DOWNLOAD_TIMEOUT_MS } = options;
  const { trainLimit, testLimit } = options;
  const refuse = (option: string, value: unknown, allowed: string) =>
    new DatasetOptionError('fetchMnist', option, value, allowed);
  if (!isHttpUrl(baseUrl)) throw refuse('baseUrl', baseUrl, HTTP_FOLDER_URL);
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw refuse('timeoutMs', timeoutMs, 'milliseconds > 0');
  }
  for (const [option, limit] of [
    ['trainLimit', trainLimit],
    ['testLimit', testLimit],
  ] as const) {
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
      throw refuse(option, limit, 'a whole number >= 0');
    }
  }

  // One failed file aborts the others, so nothing keeps downloading for a result never returned.
  const all = new AbortController();
  const abortAll = () => all.abort(signal?.reason);
  signal?.throwIfAborted();
  signal?.addEventListener('abort', abortAll, { once: true });
  const settings: FetchSettings = { idleTimeoutMs: timeoutMs, onProgress, signal: all.signal };
  let bytes: Uint8Array[];
  try {
    bytes = await Promise.all(
      FILES.map((file) =>
        fetchMnistFile(baseUrl, file, settings).catch((error: unknown) => {
          all.abort(error);
          throw error;
        }),
      ),
    );
  } finally {
    signal?.removeEventListener('abort', abortAll);
  }
  const [trainImages, trainLabels, testImages, testLabels] = bytes as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ];
  const urls = FILES.map((file) => mnistFileUrl(baseUrl, file));
  return {
    train: parseMnistSplit(trainImages, trainLabels, {
      imagesFile: urls[0],
      labelsFile: urls[1],
      limit: trainLimit,
    }),
    test: parseMnistSplit(testImages, testLabels, {
      imagesFile: urls[2],
      labelsFile: urls[3],
      limit: testLimit,
    }),
  };
}

/** One file's raw bytes, the original's size, gunzipped when the server sent gzip. */
async function fetchMnistFile(
  baseUrl: string,
  file: MnistFile,
  settings: FetchSettings,
): Promise<Uint8Array> {
  const url = mnistFileUrl(baseUrl, file);
  const limits = fileLimits(file, true, Number.POSITIVE_INFINITY);
  const body = await fetchBounded(
    url,
    file.name,
    limits.compressed,
    settings,
    async () => undefined,
  );
  const raw = isGzip(body)
    ? await gunzip(body, url, {
        maxBytes: limits.raw.bytes,
        why: `${limits.raw.why}; check the baseUrl option`,
      })
    : body;
  if (raw.length !== file.size) {
    throw new DownloadError(
      url,
      `${url} holds ${raw.length} bytes${isGzip(body) ? ' once decompressed' : ''}, but the original ${file.name} is ${file.size} bytes; check the baseUrl option (it must be the folder holding the MNIST files).`,
    );
  }
  return raw;
}
