import { access, open } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFileNotFoundError, IdxFormatError } from '../errors';
import type { FileLimits, SizeLimit } from '../file-limits';
import type { MnistFile } from '../files';
import { isGzip } from '../gzip';
import { readMnistFile } from '../mnist-file';
import { decodeDataFile } from './decode-data-file';
import { sha256Of } from './verify-dataset-file';

/**
 * Reads `file` from `dir` under its original name or with `.gz` appended (raw preferred), then
 * decompresses it (at most `limits.raw` bytes, see {@link decodeDataFile}) and checks it on its own
 * (see {@link readMnistFile}). Returns the raw IDX bytes, the path read and, for a gzip file, the
 * SHA-256 of the bytes as read; the checksum is left to the caller, which runs it once the files
 * parsed together. `title` names the data set in messages.
 *
 * With `shared`, a raw file is read into a `SharedArrayBuffer` (for training threads to view).
 *
 * Only a regular file is read, and only when its size is within the limits (the raw limit for a
 * raw file, the compressed one for a `.gz`): a huge file or a device is refused before a byte of
 * it is held in memory.
 */
export async function readDataFile(
  dir: string,
  file: Pick<MnistFile, 'name' | 'kind'>,
  limits: FileLimits,
  title = 'MNIST',
  shared = false,
): Promise<{ path: string; bytes: Uint8Array; gzSha256: string | undefined }> {
  const rawPath = join(dir, file.name);
  const gzPath = `${rawPath}.gz`;
  const path = (await exists(rawPath)) ? rawPath : (await exists(gzPath)) ? gzPath : undefined;
  if (path === undefined) {
    throw new DataFileNotFoundError(
      rawPath,
      `${rawPath}: no such file (nor ${gzPath}); put the ${title} file ${file.name} (raw or gzip) in ${dir}, or choose the folder that holds the four files.`,
    );
  }
  const limit = path === gzPath ? limits.compressed : limits.raw;
  const bytes = await readBounded(path, limit, shared && path === rawPath);
  const gzSha256 = isGzip(bytes) ? sha256Of(bytes) : undefined;
  const raw = await decodeDataFile(bytes, path, limits.raw);
  readMnistFile(raw, path, file.kind);
  return { path, bytes: raw, gzSha256 };
}

/**
 * The bytes of `path`, a regular file of at most `limit.bytes` bytes.
 *
 * @throws DataFileNotFoundError when it cannot be opened or is not a regular file;
 *   IdxFormatError when it is larger than the limit (its `limit` says which and why).
 */
async function readBounded(path: string, limit: SizeLimit, shared: boolean): Promise<Uint8Array> {
  const unreadable = (cause: unknown) =>
    new DataFileNotFoundError(
      path,
      `${path}: cannot be read (${cause instanceof Error ? cause.message : String(cause)}); check that it is a readable file.`,
      { cause },
    );
  const handle = await open(path, 'r').catch((cause: unknown) => {
    throw unreadable(cause);
  });
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw unreadable(new Error('not a regular file'));
    if (stats.size > limit.bytes) {
      throw new IdxFormatError(
        path,
        `${path}: ${stats.size} bytes, more than the ${limit.bytes} this file may have (${limit.why}); nothing was read: replace the file or check where it comes from.`,
        { limit },
      );
    }
    if (!shared) return await handle.readFile();
    const bytes = new Uint8Array(new SharedArrayBuffer(stats.size));
    for (let at = 0; at < bytes.length; ) {
      const { bytesRead } = await handle.read(bytes, at, bytes.length - at, at);
      // The file shrank since its size was read: what is there is parsed, and refused if short.
      if (bytesRead === 0) return bytes.subarray(0, at);
      at += bytesRead;
    }
    return bytes;
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
