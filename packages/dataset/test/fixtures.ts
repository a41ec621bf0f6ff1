import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Examples, UnlabeledExamples } from '../src/index';

/** An IDX file of uint8 values: magic `0x0000_08_<rank>`, big-endian dims, then the data. */
export function idxFile(dims: readonly number[], data: ArrayLike<number>): Uint8Array {
  const header = new DataView(new ArrayBuffer(4 + 4 * dims.length));
  header.setUint32(0, 0x0800 + dims.length);
  for (const [d, dim] of dims.entries()) header.setUint32(4 + 4 * d, dim);
  const out = new Uint8Array(header.byteLength + data.length);
  out.set(new Uint8Array(header.buffer), 0);
  out.set(Uint8Array.from(data), header.byteLength);
  return out;
}

/** `count` images of `rows x cols` whose pixel values are a known function of their position. */
export function pixelAt(image: number, pixel: number): number {
  return (image * 31 + pixel * 7) % 256;
}

export function imagesFile(count: number, rows = 28, cols = 28): Uint8Array {
  const data = Uint8Array.from({ length: count * rows * cols }, (_, i) =>
    pixelAt(Math.floor(i / (rows * cols)), i % (rows * cols)),
  );
  return idxFile([count, rows, cols], data);
}

export function labelsFile(labels: readonly number[]): Uint8Array {
  return idxFile([labels.length], labels);
}

export const FILE_NAMES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export type FileKey = keyof typeof FILE_NAMES;

/** Small valid MNIST-layout files: 6 train and 4 test examples with labels derived from the index. */
export function smallDataset(): Record<FileKey, Uint8Array> {
  const trainLabels = [3, 1, 4, 1, 5, 9];
  const testLabels = [2, 6, 5, 3];
  return {
    trainImages: imagesFile(trainLabels.length),
    trainLabels: labelsFile(trainLabels),
    testImages: imagesFile(testLabels.length),
    testLabels: labelsFile(testLabels),
  };
}

/** Writes files into a fresh temp folder, gzip-compressing (with `.gz` names) those listed in `gzip`. */
export async function writeDataDir(
  files: Partial<Record<FileKey, Uint8Array>>,
  gzip: readonly FileKey[] = [],
): Promise<string> {
  const dir = await makeTempDir();
  for (const [key, bytes] of Object.entries(files) as [FileKey, Uint8Array][]) {
    const name = FILE_NAMES[key];
    if (gzip.includes(key)) await writeFile(join(dir, `${name}.gz`), gzipSync(bytes));
    else await writeFile(join(dir, name), bytes);
  }
  return dir;
}

const tempDirs: string[] = [];

export async function makeTempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mnist-dataset-test-'));
  tempDirs.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/**
 * Three labelled examples of shape [2, 2] with uint8 features `10 * example + position` and labels
 * 7, 8, 9 of 10 classes: small enough to spell out every expected value.
 */
export function tinyExamples(): Examples {
  const features = Uint8Array.from({ length: 12 }, (_, i) => 10 * Math.floor(i / 4) + (i % 4));
  return { features, labels: new Uint8Array([7, 8, 9]), count: 3, shape: [2, 2], numClasses: 10 };
}

/**
 * `count` unlabeled examples of `shape` with float32 features that scaling by 1/255 or any rounding
 * would change: negative, above 1, fractional, large and subnormal values.
 */
export function floatFeatures(count: number, shape: readonly number[]): UnlabeledExamples {
  const size = shape.reduce((product, dim) => product * dim, 1);
  const special = [-1.5, 1e-40, 3.4e38, Math.fround(0.1), 255, -0];
  const features = Float32Array.from({ length: count * size }, (_, i) =>
    i < special.length ? special[i]! : Math.sin(i) * (i % 7) * 3,
  );
  return { features, count, shape };
}
