import { optionChecks } from '@mnist-wasm/errors';
import { concatBytes } from './concat-bytes';
import { DatasetOptionError, GzipError } from './errors';

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

/** Options of {@link gunzip}. */
export interface GunzipOptions {
  /**
   * Most bytes the output may hold; decompression stops as soon as it passes this, so a gzip bomb
   * cannot exhaust memory. For an MNIST file, its `size` in `MNIST_FILES`. Default: no limit.
   */
  maxBytes?: number;
  /**
   * Ends the error message when the output passes `maxBytes`: why the limit applies and what to
   * do. Default: that it is the `maxBytes` option, to raise if the file is really that large.
   */
  why?: string;
}

/**
 * Decompresses gzip bytes with the standard `DecompressionStream`, available in browsers, Node 18+,
 * Deno and Bun; in Node, `loadMnist` uses `node:zlib` instead, which is faster.
 *
 * @param bytes - A complete gzip file (starts with `1f 8b`).
 * @param file - The file's name or URL, used in error messages.
 * @param options - `maxBytes`: the most bytes the output may hold.
 * @returns The decompressed bytes.
 * @throws GzipError when the bytes are not gzip, the stream is corrupt or cut short, or the output
 *   passes `maxBytes`.
 * @throws DatasetOptionError when `maxBytes` is not a whole number > 0.
 *
 * @example
 * ```ts
 * const response = await fetch('https://storage.googleapis.com/cvdf-datasets/mnist/t10k-labels-idx1-ubyte.gz');
 * const raw = await gunzip(new Uint8Array(await response.arrayBuffer()), response.url, {
 *   maxBytes: MNIST_FILES.testLabels.size,
 * });
 * readIdx(raw, response.url, IDX_LABELS_MAGIC).data.length; // 10000
 * ```
 */
export async function gunzip(
  bytes: Uint8Array,
  file: string,
  options: GunzipOptions = {},
): Promise<Uint8Array> {
  const { maxBytes = Number.POSITIVE_INFINITY, why } = options;
  if (maxBytes !== Number.POSITIVE_INFINITY) {
    optionChecks(DatasetOptionError, 'gunzip').integer('maxBytes', maxBytes, {
      min: 1,
      max: Number.MAX_SAFE_INTEGER,
      allowed: 'a whole number of bytes > 0',
    });
  }
  if (!isGzip(bytes)) {
    throw new GzipError(file, `${file}: not gzip data (it does not start with 1f 8b).`);
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    reader = new Blob([bytes as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('gzip'))
      .getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.length;
      if (length > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new GzipError(
          file,
          why === undefined
            ? `${file}: decompresses to more than ${maxBytes} bytes (the maxBytes option), so decompression was stopped; check the file, or raise maxBytes if it is really that large.`
            : `${file}: decompresses to more than ${maxBytes} bytes, so decompression was stopped (${why}).`,
          why === undefined ? undefined : { limit: { bytes: maxBytes, why } },
        );
      }
      chunks.push(value);
    }
  } catch (cause) {
    if (cause instanceof GzipError) throw cause;
    throw new GzipError(
      file,
      `${file}: corrupt gzip data (${errorText(cause)}); delete the file and fetch it again.`,
      { cause },
    );
  }
  return concatBytes(chunks, length);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
