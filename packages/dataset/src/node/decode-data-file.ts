import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip as zlibGunzip } from 'node:zlib';
import { ChecksumError, GzipError } from '../errors';
import type { MnistFile } from '../files';
import { isGzip } from '../gzip';

const gunzipAsync = promisify(zlibGunzip);

/**
 * Decompresses a data file when it starts with the gzip magic bytes and, when `expected` is given,
 * checks the SHA-256 of the decompressed bytes, so raw and `.gz` copies share one digest.
 */
export async function decodeDataFile(
  bytes: Uint8Array,
  source: string,
  expected: MnistFile | undefined,
): Promise<Uint8Array> {
  const raw = isGzip(bytes) ? await gunzipWithZlib(bytes, source) : bytes;
  if (expected) verifySha256(raw, source, expected);
  return raw;
}

async function gunzipWithZlib(bytes: Uint8Array, source: string): Promise<Uint8Array> {
  try {
    const out = await gunzipAsync(bytes);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (cause) {
    throw new GzipError(
      source,
      `${source}: corrupt gzip data (${cause instanceof Error ? cause.message : String(cause)}); delete the file and fetch it again.`,
      { cause },
    );
  }
}

function verifySha256(raw: Uint8Array, source: string, expected: MnistFile): void {
  const actual = createHash('sha256').update(raw).digest('hex');
  if (actual !== expected.sha256) {
    throw new ChecksumError(
      source,
      `${source}: SHA-256 of the decompressed data is ${actual} but the original ${expected.name} has ${expected.sha256}; the file is corrupt or not the original MNIST file: delete it and fetch it again, or pass verify: false to load custom IDX data.`,
      expected.sha256,
      actual,
    );
  }
}
