import { type FileHandle, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetFile, DatasetSpec } from '../dataset-catalog';
import { CacheError, DataFileError } from '../errors';
import { type DownloadProgressCallback, fetchBounded } from '../fetch-bounded';
import { type FileLimits, fileLimits } from '../file-limits';
import { readMnistFile } from '../mnist-file';
import { mnistFileUrl } from '../mnist-url';
import { decodeDataFile } from './decode-data-file';
import { removeStaleTempFiles, tempPathFor } from './temp-files';
import { sha256Of, verifyDatasetFile } from './verify-dataset-file';

/** Where and how to download; all fields resolved by the caller. */
export interface DownloadSettings {
  readonly baseUrl: string;
  readonly cacheDir: string;
  /** Idle timeout: most milliseconds without an answer or without new bytes. */
  readonly timeoutMs: number;
  readonly verify: boolean;
  readonly maxBytes: number;
  readonly onProgress: DownloadProgressCallback | undefined;
  /** The data set the file belongs to: its files are cached in `cacheDir/<dataset.folder>`. */
  readonly dataset: DatasetSpec;
}

/**
 * Returns the raw IDX bytes of `file`, from `cacheDir/FOLDER/NAME.gz` (FOLDER: the data set's,
 * empty for MNIST) when a cached copy passes the checks, otherwise downloaded from
 * `baseUrl/NAME.gz`. A download streams into a temp file in the cache folder, is decompressed,
 * parsed and (with `verify`) checksummed (its raw bytes, or the bytes as downloaded against the
 * published `.gz`), and only then renamed into
 * place, so the cache only ever holds complete files that parsed (and were verified when asked).
 * A cached file that no longer passes is deleted and downloaded again. Temp files left by killed
 * processes are removed before a download.
 *
 * @throws DownloadError, GzipError, IdxFormatError, MnistContentError, ChecksumError for a bad
 *   download (nothing is cached); CacheError when the cache folder or entry cannot be used.
 */
export async function downloadDataFile(
  file: DatasetFile,
  settings: DownloadSettings,
): Promise<{ path: string; bytes: Uint8Array }> {
  const { verify, dataset } = settings;
  const cacheDir =
    dataset.folder === '' ? settings.cacheDir : join(settings.cacheDir, dataset.folder);
  const cachePath = join(cacheDir, `${file.name}.gz`);
  const limits = fileLimits(file, verify, settings.maxBytes);
  const cached = await readCached(cachePath, cacheDir, file, limits, verify, dataset);
  if (cached) return { path: cachePath, bytes: cached };

  await makeCacheDir(cacheDir);
  // The cache entries this package writes, the only ones whose temp files it cleans up.
  const entries = Object.values(dataset.files).map((entry) => `${entry.name}.gz`);
  await removeStaleTempFiles(cacheDir, entries);
  const url = mnistFileUrl(settings.baseUrl, file);
  const temporary = tempPathFor(cachePath);
  let sink: FileHandle | undefined;
  try {
    sink = await open(temporary, 'wx').catch((cause) => {
      throw cacheWriteError(cacheDir, cause);
    });
    const handle = sink;
    const body = await fetchBounded(
      url,
      file.name,
      limits.compressed,
      { idleTimeoutMs: settings.timeoutMs, onProgress: settings.onProgress },
      (chunk) =>
        handle.writeFile(chunk).catch((cause) => {
          throw cacheWriteError(cacheDir, cause);
        }),
    );
    sink = undefined;
    await handle.close().catch((cause) => {
      throw cacheWriteError(cacheDir, cause);
    });
    const bytes = await decodeDataFile(body, url, limits.raw);
    readMnistFile(bytes, url, file.kind);
    if (verify) verifyDatasetFile(bytes, sha256Of(body), url, dataset, file, 'download');
    await rename(temporary, cachePath).catch(async (cause) => {
      throw await cacheEntryError(cachePath, cacheDir, cause);
    });
    return { path: url, bytes };
  } catch (error) {
    await sink?.close().catch(() => undefined);
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * The cached file decoded and checked, or undefined when absent or failing the checks (it is
 * then deleted, to be downloaded again). A file larger than it can be is not even read.
 */
async function readCached(
  cachePath: string,
  cacheDir: string,
  file: DatasetFile,
  limits: FileLimits,
  verify: boolean,
  dataset: DatasetSpec,
): Promise<Uint8Array | undefined> {
  let size: number;
  try {
    const stats = await stat(cachePath);
    if (stats.isDirectory()) throw await cacheEntryError(cachePath, cacheDir, undefined);
    size = stats.size;
  } catch (error) {
    if (error instanceof CacheError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') return undefined;
    throw cacheDirError(cacheDir, error);
  }
  try {
    if (size <= limits.compressed.bytes) {
      const packed = await readFile(cachePath);
      const bytes = await decodeDataFile(packed, cachePath, limits.raw);
      readMnistFile(bytes, cachePath, file.kind);
      if (verify) verifyDatasetFile(bytes, sha256Of(packed), cachePath, dataset, file, 'local');
      return bytes;
    }
  } catch (error) {
    // A damaged cache entry (disk error, manual edit, junk cached by an older version) is
    // fetched again rather than reported; anything else is a real problem.
    if (!(error instanceof DataFileError)) throw cacheDirError(cacheDir, error);
  }
  await rm(cachePath, { force: true }).catch((cause) => {
    throw cacheWriteError(cacheDir, cause);
  });
  return undefined;
}

async function makeCacheDir(cacheDir: string): Promise<void> {
  try {
    await mkdir(cacheDir, { recursive: true });
  } catch (cause) {
    throw cacheDirError(cacheDir, cause);
  }
}

/** The cache folder (or a folder above it) is a file, or it cannot be read or created. */
function cacheDirError(cacheDir: string, cause: unknown): CacheError {
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (code === 'EEXIST' || code === 'ENOTDIR') {
    return new CacheError(
      cacheDir,
      `${cacheDir}: the download cache folder is a file (or lies under one), so nothing can be cached there; move that file away, or pass another cacheDir.`,
      { cause },
    );
  }
  return cacheWriteError(cacheDir, cause);
}

function cacheWriteError(cacheDir: string, cause: unknown): CacheError {
  const code = (cause as { code?: unknown } | undefined)?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  return new CacheError(
    cacheDir,
    `${cacheDir}: the download cache cannot be used (${typeof code === 'string' ? `${code}: ` : ''}${message}); make the folder writable and free some space, or pass another cacheDir.`,
    { cause },
  );
}

/** What stands at a cache entry's path keeps the file from being read or renamed into place. */
async function cacheEntryError(
  cachePath: string,
  cacheDir: string,
  cause: unknown,
): Promise<CacheError> {
  const isFolder = await stat(cachePath).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
  if (!isFolder) return cacheWriteError(cacheDir, cause);
  return new CacheError(
    cachePath,
    `${cachePath}: a folder stands where the cached file belongs; remove it (the file is then downloaded again), or pass another cacheDir.`,
    { cause },
  );
}
