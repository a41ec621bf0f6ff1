import { promisify } from 'node:util';
import { gunzip as zlibGunzip } from 'node:zlib';
import { GzipError } from '../errors';
import type { SizeLimit } from '../file-limits';
import { isGzip } from '../gzip';

const gunzipAsync = promisify(zlibGunzip);

/**
 * Decompresses a data file when it starts with the gzip magic bytes (its name says nothing
 * reliable); other bytes are returned as they are. Inflating stops once the output passes
 * `limit`, so a gzip bomb costs at most `limit` bytes of memory.
 *
 * @throws GzipError for corrupt gzip data or output larger than `limit`.
 */
export async function decodeDataFile(
  bytes: Uint8Array,
  source: string,
  limit: SizeLimit,
): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    const out = await gunzipAsync(bytes, { maxOutputLength: limit.bytes });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (cause) {
    if ((cause as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new GzipError(
        source,
        `${source}: decompresses to more than ${limit.bytes} bytes, so decompression was stopped (${limit.why}); replace the file or check where it comes from.`,
        { cause, limit },
      );
    }
    throw new GzipError(
      source,
      `${source}: corrupt gzip data (${cause instanceof Error ? cause.message : String(cause)}); delete the file and fetch it again.`,
      { cause },
    );
  }
}
