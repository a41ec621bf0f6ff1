import type { ExceededLimit } from './errors';
import type { MnistFile } from './files';

/** Default `maxBytes` of `loadMnist`: 256 MiB, five times MNIST's largest file. */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;

/** A size no file may exceed, and why, for the error message (and its `limit`). */
export interface SizeLimit extends ExceededLimit {
  readonly bytes: number;
  /** Ends the error message: why this limit applies and what to do about it. */
  readonly why: string;
}

/** How large one file may be as it arrives (`compressed`, raw or gzip) and once decompressed (`raw`). */
export interface FileLimits {
  readonly compressed: SizeLimit;
  readonly raw: SizeLimit;
}

/**
 * The limits of one file. With `verify`, the original's raw size bounds both: the raw bytes must be
 * exactly that size, and no gzip of them is larger than {@link gzipBound} of it (a mirror may
 * recompress, so the published `.gz` sizes are not used). Without `verify`, the size is unknown
 * and `maxBytes` bounds both; `maxBytes` also caps the verified bounds when it is smaller.
 */
export function fileLimits(
  file: Pick<MnistFile, 'name' | 'size'>,
  verify: boolean,
  maxBytes: number,
): FileLimits {
  const byOption: SizeLimit = {
    bytes: maxBytes,
    why: `the maxBytes option is ${maxBytes}; raise it if the file is really that large`,
    option: 'maxBytes',
  };
  if (!verify) return { compressed: byOption, raw: byOption };
  const compressed = gzipBound(file.size);
  return {
    compressed:
      maxBytes < compressed
        ? byOption
        : {
            bytes: compressed,
            why: `no gzip copy of the original ${file.name} (${file.size} bytes raw) is larger, so this is not that file`,
          },
    raw:
      maxBytes < file.size
        ? byOption
        : { bytes: file.size, why: `the original ${file.name} is ${file.size} bytes` },
  };
}

/**
 * The most bytes a gzip file of `size` raw bytes takes, whatever the compressor: deflate's stored
 * blocks add 5 bytes per 65,535, far below the 1/1024 allowed here, and 4 KiB covers the gzip
 * header with a file name or comment and the trailer.
 */
export function gzipBound(size: number): number {
  return size + Math.ceil(size / 1024) + 4096;
}
