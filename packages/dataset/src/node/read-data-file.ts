import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFileNotFoundError } from '../errors';
import type { MnistFile } from '../files';
import { decodeDataFile } from './decode-data-file';

/**
 * Reads `file` from `dir` under its original name or with `.gz` appended (raw preferred), then
 * decompresses and verifies it (see {@link decodeDataFile}). Returns the raw IDX bytes and the path read.
 */
export async function readDataFile(
  dir: string,
  file: MnistFile,
  verify: boolean,
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
  return { path, bytes: await decodeDataFile(bytes, path, verify ? file : undefined) };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
