import { DATASETS, type DatasetFileKey, type DatasetSpec } from './dataset-catalog';
import { DatasetOptionError } from './errors';
import {
  DEFAULT_DOWNLOAD_TIMEOUT_MS,
  type DownloadProgressCallback,
  type FetchSettings,
} from './fetch-bounded';
import { fetchMnistFile } from './fetch-mnist-file';
import { MNIST_CLASSES, MNIST_IMAGE_SIZE, type MnistFile } from './files';
import { mnistFileCount, readMnistPrefix } from './mnist-prefix';
import { type Mnist, type MnistSplit, parseMnistSplit } from './mnist-split';
import { HTTP_FOLDER_URL, isHttpUrl, mnistFileUrl } from './mnist-url';
import { verifyDatasetDigest } from './verify-dataset-digest';

/** Options of {@link fetchMnist}. */
export interface FetchMnistOptions {
  /** Aborts the downloads: `fetchMnist` then rejects with the signal's `reason`. */
  signal?: AbortSignal;
  /**
   * Called as each file's bytes arrive: its name, the bytes received so far and the bytes this
   * call reads of it when known, e.g. to draw a progress bar. For a whole file that is its
   * Content-Length; for the first examples of a gzip file, the Content-Length's share for them,
   * raised to the bytes received if they pass it; the last call of a file read only in part
   * reports its bytes received as the total, so the sums over the files reach 100% when the
   * load ends. For a server that decoded the gzip it is the raw bytes read; undefined for a gzip
   * body without Content-Length. Only the files read are reported (none of a split with limit 0).
   */
  onProgress?: DownloadProgressCallback;
  /**
   * Idle timeout in milliseconds: a file fails when the server sends no answer, or no new bytes,
   * for this long. Default {@link DEFAULT_DOWNLOAD_TIMEOUT_MS}.
   */
  timeoutMs?: number;
  /**
   * Only the first N training examples (all when fewer): the training files are read only as far
   * as those need, and not requested at all for 0. Default: all 60,000.
   */
  trainLimit?: number;
  /** Only the first N test examples, read as `trainLimit` reads the training ones. Default: all 10,000. */
  testLimit?: number;
  /**
   * The data set of the MNIST family the files are, e.g. `DATASETS['fashion-mnist']`: its file
   * names and sizes bound the reads, and each file read whole is verified by the SHA-256 of its
   * raw bytes where the catalog gives one (a file read in part cannot be hashed: its size and IDX
   * header are checked). Without it, MNIST's files are read, checked by size and header only.
   */
  dataset?: DatasetSpec;
}

/** The two splits and their files' keys; each split's files are read as far as its limit needs. */
const SPLITS = [
  { name: 'train', images: 'trainImages', labels: 'trainLabels' },
  { name: 'test', images: 'testImages', labels: 'testLabels' },
] as const satisfies readonly { name: string; images: DatasetFileKey; labels: DatasetFileKey }[];

/**
 * Loads MNIST over HTTP with `fetch`, in a browser, a Web Worker or Node: the four original files,
 * `NAME.gz` under `baseUrl`, all at once, like Keras's `mnist.load_data()` but from your own server.
 * With `dataset`, another data set of the MNIST family (e.g. `DATASETS['fashion-mnist']`), whose
 * files are also verified by SHA-256 when read whole (see {@link FetchMnistOptions.dataset}).
 *
 * Only the bytes asked for are fetched: each file is decompressed as it arrives, and with a
 * `trainLimit` or `testLimit` below the split's count, reading stops (the request is aborted)
 * once the header and the first N examples are in; a limit of 0 requests none of that split's
 * files. A file read in part is checked as far as it was read: its IDX header must be that of the
 * original (kind, 28x28, the original's count), its labels read must be digits; the rest, and the
 * gzip trailer's CRC, are never seen, so garbage after the part read goes unnoticed. A file read
 * whole must be the original's size once decompressed, and valid to its end.
 *
 * Memory stays bounded by the original files' sizes: a body larger than any gzip of the original
 * is stopped as it arrives (a Content-Length above it is refused before reading), and
 * decompression stops at the bytes needed (the original's size for a whole file). A server that
 * decoded the gzip already (`Content-Encoding: gzip`, or the raw file served under the `.gz`
 * name) is fine: the bytes say whether they are gzip. Either all files load or an error is
 * thrown; on the first error the other downloads are aborted.
 *
 * @param baseUrl - Absolute http(s) URL of the folder holding the four `.gz` files, e.g.
 *   `new URL('mnist/', location.href).href`.
 * @param options - `signal`, `onProgress`, `timeoutMs`, `trainLimit`, `testLimit`, `dataset`; see
 *   {@link FetchMnistOptions}.
 * @returns `{ train, test }`, each a `MnistSplit`: uint8 features `[count, 28, 28]` with pixels
 *   0-255, uint8 labels 0-9, 10 classes (a split with limit 0 has count 0 and empty arrays).
 * @throws DownloadError for an HTTP error status (`status` holds it), a refused or dropped
 *   connection, no bytes for `timeoutMs`, a body cut short of its Content-Length, a body larger
 *   than any gzip of the original, a file whose size is not the original's, one that ends before
 *   the examples asked for, or one whose header declares another count than the original's; the
 *   message names the URL and what to do.
 * @throws GzipError for corrupt gzip data, or data that decompresses past the original's size.
 * @throws IdxFormatError, MnistContentError when a file (or the part read) is not MNIST data.
 * @throws ChecksumError (with `dataset`) for a whole file whose SHA-256 is not the data set's;
 *   the message names the URL, the file and the data set (and the data set it belongs to, when
 *   its digest is another's of the catalog).
 * @throws DatasetOptionError for a `baseUrl` that is not an absolute http(s) URL, a `timeoutMs`
 *   that is not > 0, or a limit that is not a whole number >= 0.
 * @throws The `signal`'s reason when it aborts (by default a `DOMException` named `AbortError`).
 *
 * @example
 * ```ts
 * const { train, test } = await fetchMnist(new URL('mnist/', location.href).href, {
 *   trainLimit: 10_000, // about a sixth of the training images' gzip is read
 *   onProgress: (file, received, total) => console.log(file, received, total),
 * });
 * train.count; // 10000
 * test.labels.slice(0, 5); // Uint8Array [7, 2, 1, 0, 4]
 * ```
 */
export async function fetchMnist(baseUrl: string, options: FetchMnistOptions = {}): Promise<Mnist> {
  const { signal, onProgress, timeoutMs = DEFAULT_DOWNLOAD_TIMEOUT_MS } = options;
  const { trainLimit, testLimit, dataset } = options;
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
  const limits = { train: trainLimit, test: testLimit };
  const fetchFile = (key: DatasetFileKey, limit: number | undefined) => {
    if (limit === 0) return Promise.resolve(undefined);
    const file = mnistFile(key, dataset);
    const url = mnistFileUrl(baseUrl, file);
    const read = async () => {
      const bytes = await fetchMnistFile(url, file, limit, settings);
      if (dataset !== undefined && bytes.length === file.size) {
        await verifyDatasetDigest(bytes, url, dataset, dataset.files[key]);
      }
      return bytes;
    };
    return read().catch((error: unknown) => {
      all.abort(error);
      throw error;
    });
  };
  try {
    const [train, test] = await Promise.all(
      SPLITS.map(async (split) => {
        const [images, labels] = await Promise.all([
          fetchFile(split.images, limits[split.name]),
          fetchFile(split.labels, limits[split.name]),
        ]);
        return { split, images, labels };
      }),
    );
    return {
      train: toSplit(baseUrl, train!, trainLimit, dataset),
      test: toSplit(baseUrl, test!, testLimit, dataset),
    };
  } finally {
    signal?.removeEventListener('abort', abortAll);
  }
}

/** A split's two files, as {@link fetchMnistFile} read them: undefined for a limit of 0. */
interface FetchedSplit {
  split: (typeof SPLITS)[number];
  images: Uint8Array | undefined;
  labels: Uint8Array | undefined;
}

/** The file `key` of `dataset` (MNIST's when none) as the reader takes it: name, kind and size. */
function mnistFile(key: DatasetFileKey, dataset: DatasetSpec | undefined): MnistFile {
  const { name, kind, size, sha256 } = (dataset ?? DATASETS.mnist).files[key];
  return { name, kind, size, sha256: sha256 ?? '' };
}

/** The split of the bytes read: whole files, their first `limit` examples, or none. */
function toSplit(
  baseUrl: string,
  fetched: FetchedSplit,
  limit: number | undefined,
  dataset: DatasetSpec | undefined,
): MnistSplit {
  const { images, labels } = fetched;
  const split = {
    images: mnistFile(fetched.split.images, dataset),
    labels: mnistFile(fetched.split.labels, dataset),
  };
  if (images === undefined || labels === undefined) {
    const none = new Uint8Array(0);
    const shape = [MNIST_IMAGE_SIZE, MNIST_IMAGE_SIZE];
    return { features: none, labels: none, count: 0, shape, numClasses: MNIST_CLASSES };
  }
  const imagesFile = mnistFileUrl(baseUrl, split.images);
  const labelsFile = mnistFileUrl(baseUrl, split.labels);
  if (images.length === split.images.size) {
    return parseMnistSplit(images, labels, { imagesFile, labelsFile, limit });
  }
  const count = Math.min(limit ?? 0, mnistFileCount(split.images));
  return {
    features: readMnistPrefix(images, imagesFile, split.images, count),
    labels: readMnistPrefix(labels, labelsFile, split.labels, count),
    count,
    shape: [MNIST_IMAGE_SIZE, MNIST_IMAGE_SIZE],
    numClasses: MNIST_CLASSES,
  };
}
