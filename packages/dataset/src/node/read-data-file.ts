import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFileNotFoundError } from '../errors';
import type { MnistFile } from '../files';
import { readMnistFile } from '../mnist-file';
import { decodeDataFile } from './decode-data-file';
import type { SizeLimit } from './file-limits';

/**
 * Reads `file` from `dir` under its original name or with `.gz` appended (raw preferred), then
 * decompresses it (at most `rawLimit` bytes, see {@link decodeDataFile}) and checks it on its own
 * (see {@link readMnistFile}). Returns the raw IDX bytes and the path read; the checksum is left to
 * the caller, which runs it once the files parsed together.
 */
export async function readDataFile(
  dir: string,
  file: MnistFile,
  rawLimit: SizeLimit,
): Promise<{ path: string; bytes: Uint8Array }> {
  const rawPath = join(dir, file.name);
  const gzPath = `${rawPath}.gz`;
  const path = (await exists(rawPath)) ? rawPath : (await exists(gzPath)) ? gzPath : undefined;
  if (path === undefined) {
    throw new DataFileNotFoundError(
      rawPath,
      `${rawPath}: no such file (nor ${gzPath}); put the MNIST file ${file.name} (raw or gzip) in ${dir}, or load without { dir } to use the bundled data.`,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new DataFileNotFoundError(
      path,
      `${path}: cannot be read (${cause instanceof Error ? cause.message : String(cause)}); check that it is a readable file.`,
      { cause },
    );
  }
  const raw = await decodeDataFile(bytes, path, rawLimit);
  readMnistFile(raw, path, file.kind);
  return { path, bytes: raw };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
