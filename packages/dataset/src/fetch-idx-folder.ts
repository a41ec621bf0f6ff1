import { checkClassNames, splitClassNames } from './class-names';
import { DatasetOptionError, DownloadError } from './errors';
import { DEFAULT_DOWNLOAD_TIMEOUT_MS, type FetchSettings, fetchBounded } from './fetch-bounded';
import type { FetchMnistOptions } from './fetch-mnist';
import { fileLimits } from './file-limits';
import { MNIST_CLASSES, MNIST_FILES, type MnistFile } from './files';
import { gunzip, isGzip } from './gzip';
import { type Mnist, parseMnistSplit } from './mnist-split';
import { HTTP_FOLDER_URL, isHttpUrl, mnistFileUrl } from './mnist-url';

/** The name of the optional class-names file beside the four `.gz` files. */
export const CLASS_NAMES_FILE = 'classes.txt';

/** Most bytes {@link CLASS_NAMES_FILE} may take: ten names of at most 100 characters, with room. */
const CLASS_NAMES_MAX_BYTES = 64 * 1024;

/** Options of {@link fetchIdxFolder}: those of `fetchMnist` but `dataset`. */
export type FetchIdxFolderOptions = Omit<FetchMnistOptions, 'dataset'>;

/** What {@link fetchIdxFolder} returns: the splits and the class names. */
export interface IdxFolder extends Mnist {
  /** The names of `classes.txt` beside the files, or `'0'` to `'9'` when there is none. */
  classNames: string[];
  /** Whether the names came from `classes.txt`. */
  namedByFile: boolean;
}

/**
 * Loads a folder of IDX files in the MNIST layout (the four `.gz` files under MNIST's names, any
 * number of 28x28 images, labels 0-9) over HTTP, e.g. your own data set: checked by their IDX
 * headers and bounded by MNIST's sizes, since no digest is known. Each file is read whole (the
 * counts are in the headers, not known before), then `trainLimit` and `testLimit` keep the first
 * examples. The class names come from `classes.txt` in the same folder when it is there (one name
 * a line, class 0 first), else they are the digits.
 *
 * @param baseUrl - Absolute http(s) URL of the folder.
 * @param options - `signal`, `onProgress`, `timeoutMs`, `trainLimit`, `testLimit`.
 * @returns `{ train, test, classNames, namedByFile }`.
 * @throws DownloadError for a file that cannot be fetched (HTTP status, network, timeout) or is
 *   larger than MNIST's; for `classes.txt` an HTTP 404 means "none", any other failure throws.
 * @throws GzipError, IdxFormatError, MnistContentError for files that are not IDX data of the
 *   MNIST layout.
 * @throws ClassNamesError for a `classes.txt` whose count is not 10 (both counts named), or with
 *   empty, repeated or overlong names.
 * @throws DatasetOptionError for a `baseUrl` that is not an absolute http(s) URL.
 */
export async function fetchIdxFolder(
  baseUrl: string,
  options: FetchIdxFolderOptions = {},
): Promise<IdxFolder> {
  if (!isHttpUrl(baseUrl)) {
    throw new DatasetOptionError('fetchIdxFolder', 'baseUrl', baseUrl, HTTP_FOLDER_URL);
  }
  const { signal, onProgress, timeoutMs = DEFAULT_DOWNLOAD_TIMEOUT_MS } = options;
  const all = new AbortController();
  const abortAll = () => all.abort(signal?.reason);
  signal?.throwIfAborted();
  signal?.addEventListener('abort', abortAll, { once: true });
  const settings: FetchSettings = { idleTimeoutMs: timeoutMs, onProgress, signal: all.signal };
  const guard = <T>(promise: Promise<T>) =>
    promise.catch((error: unknown) => {
      all.abort(error);
      throw error;
    });
  const read = (file: MnistFile, limit: number | undefined) =>
    limit === 0 ? Promise.resolve(undefined) : guard(fetchRaw(baseUrl, file, settings));
  try {
    const { trainLimit, testLimit } = options;
    const [trainImages, trainLabels, testImages, testLabels, names] = await Promise.all([
      read(MNIST_FILES.trainImages, trainLimit),
      read(MNIST_FILES.trainLabels, trainLimit),
      read(MNIST_FILES.testImages, testLimit),
      read(MNIST_FILES.testLabels, testLimit),
      guard(fetchClassNames(baseUrl, settings)),
    ]);
    const split = (
      images: Uint8Array | undefined,
      labels: Uint8Array | undefined,
      files: [MnistFile, MnistFile],
      limit: number | undefined,
    ) =>
      images === undefined || labels === undefined
        ? emptySplit()
        : parseMnistSplit(images, labels, {
            imagesFile: mnistFileUrl(baseUrl, files[0]),
            labelsFile: mnistFileUrl(baseUrl, files[1]),
            limit,
          });
    return {
      train: split(
        trainImages,
        trainLabels,
        [MNIST_FILES.trainImages, MNIST_FILES.trainLabels],
        trainLimit,
      ),
      test: split(
        testImages,
        testLabels,
        [MNIST_FILES.testImages, MNIST_FILES.testLabels],
        testLimit,
      ),
      classNames: names ?? Array.from({ length: MNIST_CLASSES }, (_, i) => String(i)),
      namedByFile: names !== undefined,
    };
  } finally {
    signal?.removeEventListener('abort', abortAll);
  }
}

function emptySplit(): Mnist['train'] {
  const none = new Uint8Array(0);
  return { features: none, labels: none, count: 0, shape: [28, 28], numClasses: MNIST_CLASSES };
}

/** One whole file, gunzipped when gzip, bounded by the size of MNIST's file of that name. */
async function fetchRaw(
  baseUrl: string,
  file: MnistFile,
  settings: FetchSettings,
): Promise<Uint8Array> {
  const url = mnistFileUrl(baseUrl, file);
  const limits = fileLimits(file, true, Number.POSITIVE_INFINITY);
  const bytes = await fetchBounded(url, file.name, limits.compressed, settings, async () => {});
  if (!isGzip(bytes)) return bytes;
  return gunzip(bytes, url, {
    maxBytes: file.size,
    why: `no file of the MNIST layout is larger than MNIST's ${file.name} (${file.size} bytes)`,
  });
}

/** The names of `classes.txt` in the folder, or undefined when the server answers 404. */
async function fetchClassNames(
  baseUrl: string,
  settings: FetchSettings,
): Promise<string[] | undefined> {
  const url = new URL(CLASS_NAMES_FILE, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;
  const limit = {
    bytes: CLASS_NAMES_MAX_BYTES,
    why: `a list of ${MNIST_CLASSES} class names is far smaller; give one name a line`,
  };
  let bytes: Uint8Array;
  try {
    const quiet = { ...settings, onProgress: undefined };
    bytes = await fetchBounded(url, CLASS_NAMES_FILE, limit, quiet, async () => {});
  } catch (error) {
    if (error instanceof DownloadError && error.status === 404) return undefined;
    throw error;
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  return checkClassNames(splitClassNames(text), MNIST_CLASSES, url);
}
