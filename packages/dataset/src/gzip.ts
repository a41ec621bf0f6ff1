import { GzipError } from './errors';

/**
 * Whether `bytes` start with the gzip magic bytes `1f 8b`; a file's name says nothing reliable
 * about its compression, its first bytes do.
 *
 * @example
 * ```ts
 * isGzip(new Uint8Array([0x1f, 0x8b, 8, 0])); // true
 * isGzip(new Uint8Array([0, 0, 8, 3])); // false
 * ```
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses gzip bytes with the standard `DecompressionStream`, available in browsers, Node 18+,
 * Deno and Bun; in Node, `loadMnist` uses `node:zlib` instead, which is faster.
 *
 * @param bytes - A complete gzip file (starts with `1f 8b`).
 * @param file - The file's name or URL, used in error messages.
 * @returns The decompressed bytes.
 * @throws GzipError when the bytes are not gzip or the stream is corrupt or cut short.
 *
 * @example
 * ```ts
 * const response = await fetch('https://storage.googleapis.com/cvdf-datasets/mnist/t10k-labels-idx1-ubyte.gz');
 * const raw = await gunzip(new Uint8Array(await response.arrayBuffer()), response.url);
 * readIdx(raw, response.url, IDX_LABELS_MAGIC).data.length; // 10000
 * ```
 */
export async function gunzip(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  if (!isGzip(bytes)) {
    throw new GzipError(file, `${file}: not gzip data (it does not start with 1f 8b).`);
  }
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (cause) {
    throw new GzipError(
      file,
      `${file}: corrupt gzip data (${errorText(cause)}); delete the file and fetch it again.`,
      { cause },
    );
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
