import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ChecksumError,
  DataFileNotFoundError,
  DatasetOptionError,
  GzipError,
  IdxFormatError,
  MnistContentError,
} from '../src/index';
import { loadMnist } from '../src/node';
import {
  FILE_NAMES,
  type FileKey,
  imagesFile,
  labelsFile,
  makeTempDir,
  pixelAt,
  removeTempDirs,
  smallDataset,
  writeDataDir,
} from './fixtures';

afterAll(removeTempDirs);

type ErrorClass = new (...args: never[]) => Error;

describe('loadMnist({ dir })', () => {
  it('loads small raw files with verify off', async () => {
    const dir = await writeDataDir(smallDataset());
    const { train, test } = await loadMnist({ dir, verify: false });
    expect(train.count).toBe(6);
    expect([...train.labels]).toEqual([3, 1, 4, 1, 5, 9]);
    expect(test.count).toBe(4);
    expect([...test.labels]).toEqual([2, 6, 5, 3]);
    expect(test.features[2 * 784 + 10]).toBe(pixelAt(2, 10));
  });

  it('loads .gz files to the same data as raw ones, also when mixed', async () => {
    const files = smallDataset();
    const raw = await loadMnist({ dir: await writeDataDir(files), verify: false });
    const gz = await loadMnist({
      dir: await writeDataDir(files, ['trainImages', 'trainLabels', 'testImages', 'testLabels']),
      verify: false,
    });
    const mixed = await loadMnist({
      dir: await writeDataDir(files, ['trainImages', 'testLabels']),
      verify: false,
    });
    expect(gz).toEqual(raw);
    expect(mixed).toEqual(raw);
  });

  it('detects gzip by content, not by name', async () => {
    const files = smallDataset();
    const dir = await writeDataDir(files);
    await writeFile(join(dir, FILE_NAMES.testImages), gzipSync(files.testImages));
    const { test } = await loadMnist({ dir, verify: false });
    expect(test.features[784]).toBe(pixelAt(1, 0));
  });

  it('gives the training images in shared memory with sharedImages, raw, gzip or cut alike', async () => {
    const files = smallDataset();
    const raw = await loadMnist({ dir: await writeDataDir(files), verify: false });
    for (const [gz, trainLimit] of [
      [[], undefined],
      [['trainImages'], undefined],
      [[], 4],
    ] as [FileKey[], number | undefined][]) {
      const dir = await writeDataDir(files, gz);
      const { train, test } = await loadMnist({
        dir,
        verify: false,
        sharedImages: true,
        trainLimit,
      });
      expect(train.features.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect([...train.features]).toEqual([
        ...raw.train.features.subarray(0, train.features.length),
      ]);
      expect(train.count).toBe(trainLimit ?? 6);
      // Only the training images: the test set and the labels stay as they were.
      expect(test.features.buffer).not.toBeInstanceOf(SharedArrayBuffer);
      expect(train.labels.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    }
  });

  it('applies trainLimit and testLimit', async () => {
    const dir = await writeDataDir(smallDataset());
    const { train, test } = await loadMnist({ dir, verify: false, trainLimit: 2, testLimit: 1 });
    expect([...train.labels]).toEqual([3, 1]);
    expect(train.features.length).toBe(2 * 784);
    expect([...test.labels]).toEqual([2]);
  });

  it('reports a missing file with both names tried', async () => {
    const { testLabels: _, ...withoutTestLabels } = smallDataset();
    const dir = await writeDataDir(withoutTestLabels);
    const load = loadMnist({ dir, verify: false });
    await expect(load).rejects.toBeInstanceOf(DataFileNotFoundError);
    const path = join(dir, FILE_NAMES.testLabels);
    await expect(load).rejects.toThrow(`${path}: no such file (nor ${path}.gz)`);
  });

  it('reports a missing folder', async () => {
    const dir = join(await makeTempDir(), 'absent');
    await expect(loadMnist({ dir })).rejects.toThrow(
      `${join(dir, FILE_NAMES.trainImages)}: no such file`,
    );
  });

  it('verifies checksums by default, naming the file and the way out', async () => {
    const dir = await writeDataDir(smallDataset(), ['testImages']);
    const load = loadMnist({ dir });
    await expect(load).rejects.toBeInstanceOf(ChecksumError);
    await expect(load).rejects.toThrow(
      /train-images-idx3-ubyte: SHA-256 of the decompressed data is [0-9a-f]{64} but the original train-images-idx3-ubyte has ba891046[0-9a-f]{56}, so this is not the original MNIST file \(nor an intact copy of it\): replace it with the original train-images-idx3-ubyte; to load other IDX data in the MNIST layout, turn checksum verification off \(loadMnist's `verify: false`\)\.$/,
    );
  });

  it('stops inflating a .gz past the original raw size (a gzip bomb)', async () => {
    const dir = await writeDataDir(smallDataset());
    const path = join(dir, `${FILE_NAMES.trainLabels}.gz`);
    await rm(join(dir, FILE_NAMES.trainLabels));
    await writeFile(path, gzipSync(new Uint8Array(1_000_000)));
    const load = loadMnist({ dir });
    await expect(load).rejects.toBeInstanceOf(GzipError);
    await expect(load).rejects.toThrow(
      `${path}: decompresses to more than 60008 bytes, so decompression was stopped (the original train-labels-idx1-ubyte is 60008 bytes)`,
    );
    await expect(loadMnist({ dir, verify: false, maxBytes: 100_000 })).rejects.toThrow(
      `${path}: decompresses to more than 100000 bytes, so decompression was stopped (the maxBytes option is 100000`,
    );
    // Which limit it was, for a caller that words it in its own terms.
    await expect(load).rejects.toMatchObject({
      file: path,
      limit: { bytes: 60008, why: 'the original train-labels-idx1-ubyte is 60008 bytes' },
    });
    await expect(loadMnist({ dir, verify: false, maxBytes: 100_000 })).rejects.toMatchObject({
      limit: { bytes: 100_000, option: 'maxBytes' },
    });
  });

  it('reports a raw file over maxBytes before reading it, with the limit it passed', async () => {
    const dir = await writeDataDir(smallDataset());
    const path = join(dir, FILE_NAMES.trainImages);
    const load = loadMnist({ dir, verify: false, maxBytes: 1000 });
    await expect(load).rejects.toBeInstanceOf(IdxFormatError);
    await expect(load).rejects.toThrow(
      `${path}: 4720 bytes, more than the 1000 this file may have`,
    );
    await expect(load).rejects.toMatchObject({
      file: path,
      limit: { bytes: 1000, option: 'maxBytes' },
    });
  });

  it.each([
    ['trainImages', 'trainLabels', 'images'],
    ['testImages', 'testLabels', 'images'],
    ['testLabels', 'testImages', 'labels'],
  ] as const)('reports a %s file that holds none, naming it', async (key, partner, kind) => {
    const files = smallDataset();
    files[key] = kind === 'images' ? imagesFile(0) : labelsFile([]);
    files[partner] = kind === 'images' ? labelsFile([]) : imagesFile(0);
    const dir = await writeDataDir(files);
    const load = loadMnist({ dir, verify: false });
    await expect(load).rejects.toBeInstanceOf(MnistContentError);
    const first = key.endsWith('Images') ? key : partner;
    const path = join(dir, FILE_NAMES[first]);
    await expect(load).rejects.toThrow(
      `${path}: the header declares 0 images, so the file holds none; an MNIST split needs at least one example`,
    );
    await expect(load).rejects.toMatchObject({ file: path });
  });

  it('reports corrupt gzip data', async () => {
    const dir = await writeDataDir(smallDataset(), ['trainLabels']);
    const gz = gzipSync(smallDataset().trainLabels);
    gz.fill(0xff, 10, gz.length - 8);
    await writeFile(join(dir, `${FILE_NAMES.trainLabels}.gz`), gz);
    const load = loadMnist({ dir, verify: false });
    await expect(load).rejects.toBeInstanceOf(GzipError);
    await expect(load).rejects.toThrow(/train-labels-idx1-ubyte\.gz: corrupt gzip data/);
  });

  it('reports a truncated images file', async () => {
    const files = smallDataset();
    const dir = await writeDataDir({
      ...files,
      testImages: files.testImages.subarray(0, files.testImages.length - 100),
    });
    const load = loadMnist({ dir, verify: false });
    await expect(load).rejects.toBeInstanceOf(IdxFormatError);
    await expect(load).rejects.toThrow(/t10k-images-idx3-ubyte: truncated data/);
  });

  it('reports trailing bytes', async () => {
    const files = smallDataset();
    const padded = new Uint8Array(files.trainLabels.length + 1);
    padded.set(files.trainLabels);
    const dir = await writeDataDir({ ...files, trainLabels: padded });
    await expect(loadMnist({ dir, verify: false })).rejects.toThrow(
      /train-labels-idx1-ubyte: 1 trailing bytes/,
    );
  });

  it('reports images that are not 28x28', async () => {
    const dir = await writeDataDir({ ...smallDataset(), trainImages: imagesFile(6, 20, 20) });
    await expect(loadMnist({ dir, verify: false })).rejects.toThrow(
      /train-images-idx3-ubyte: images are 20x20 pixels, expected 28x28/,
    );
  });

  it('reports a labels file in place of an images file (wrong magic and rank)', async () => {
    const files = smallDataset();
    const dir = await writeDataDir({ ...files, testImages: files.testLabels });
    await expect(loadMnist({ dir, verify: false })).rejects.toThrow(
      /t10k-images-idx3-ubyte: magic number 2049 .* where 2051/,
    );
  });

  it('reports an images/labels count mismatch', async () => {
    const dir = await writeDataDir({ ...smallDataset(), testLabels: labelsFile([1, 2, 3]) });
    const load = loadMnist({ dir, verify: false });
    await expect(load).rejects.toBeInstanceOf(MnistContentError);
    await expect(load).rejects.toThrow(
      /t10k-images-idx3-ubyte holds 4 images but .*t10k-labels-idx1-ubyte holds 3 labels/,
    );
  });

  it('reports a label outside 0-9', async () => {
    const dir = await writeDataDir({
      ...smallDataset(),
      trainLabels: labelsFile([1, 2, 3, 4, 5, 11]),
    });
    await expect(loadMnist({ dir, verify: false })).rejects.toThrow(
      /train-labels-idx1-ubyte: label 11 at index 5 is outside 0-9/,
    );
  });

  it('with verify on, reports what is wrong with a broken file before any checksum', async () => {
    const files = smallDataset();
    const cases: [string, Partial<Record<FileKey, Uint8Array>>, ErrorClass, RegExp][] = [
      [
        'truncated',
        { testImages: files.testImages.subarray(0, files.testImages.length - 100) },
        IdxFormatError,
        /t10k-images-idx3-ubyte: truncated data/,
      ],
      [
        'wrong magic',
        { trainImages: files.trainLabels },
        IdxFormatError,
        /train-images-idx3-ubyte: magic number 2049 .* where 2051/,
      ],
      [
        'count mismatch',
        { testLabels: labelsFile([1, 2, 3]) },
        MnistContentError,
        /t10k-images-idx3-ubyte holds 4 images but .*t10k-labels-idx1-ubyte holds 3 labels/,
      ],
      [
        'label 12',
        { trainLabels: labelsFile([1, 2, 3, 4, 5, 12]) },
        MnistContentError,
        /train-labels-idx1-ubyte: label 12 at index 5 is outside 0-9/,
      ],
      [
        '0 bytes',
        { testLabels: new Uint8Array(0) },
        IdxFormatError,
        /t10k-labels-idx1-ubyte: 0 bytes is too short for an IDX header/,
      ],
    ];
    for (const [what, broken, errorClass, message] of cases) {
      const load = loadMnist({ dir: await writeDataDir({ ...files, ...broken }) });
      await expect(load, what).rejects.toBeInstanceOf(errorClass);
      await expect(load, what).rejects.toThrow(message);
    }
  });

  it('rejects dir combined with a download option', async () => {
    const load = loadMnist({ dir: '.', baseUrl: 'http://127.0.0.1:1/' });
    await expect(load).rejects.toBeInstanceOf(DatasetOptionError);
    await expect(load).rejects.toThrow(
      'loadMnist: dir is "."; use either dir (local files) or download, baseUrl and cacheDir (a download), not both.',
    );
  });
});
