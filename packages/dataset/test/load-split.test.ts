import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChecksumError, DataFileNotFoundError, DatasetOptionError } from '../src/index';
import { loadMnist, loadMnistSplit } from '../src/node';
import { FILE_NAMES, removeTempDirs, smallDataset, writeDataDir } from './fixtures';

afterAll(removeTempDirs);

describe('loadMnistSplit', () => {
  it('loads the test split from a folder that holds only the two test files', async () => {
    const dir = await writeDataDir(smallDataset());
    const both = await loadMnist({ dir, verify: false });
    await rm(join(dir, FILE_NAMES.trainImages));
    await rm(join(dir, FILE_NAMES.trainLabels));
    const test = await loadMnistSplit('test', { dir, verify: false });
    expect(test).toEqual(both.test);
    await expect(loadMnist({ dir, verify: false })).rejects.toThrow(DataFileNotFoundError);
  });

  it('loads the train split alone, with a limit', async () => {
    const dir = await writeDataDir(smallDataset());
    const train = await loadMnistSplit('train', { dir, verify: false, limit: 2 });
    expect(train.count).toBe(2);
    expect([...train.labels]).toEqual([3, 1]);
  });

  it('loads the bundled test split, checked against the original', async () => {
    const test = await loadMnistSplit('test', { limit: 5 });
    expect([...test.labels]).toEqual([7, 2, 1, 0, 4]);
    expect(test.shape).toEqual([28, 28]);
  });

  it("checks the split's files against the originals unless verify is off", async () => {
    const dir = await writeDataDir(smallDataset());
    await expect(loadMnistSplit('test', { dir })).rejects.toThrow(ChecksumError);
  });

  it('refuses a split other than train or test, and a bad limit', async () => {
    const bad = () => loadMnistSplit('validation' as never);
    await expect(bad()).rejects.toThrow(DatasetOptionError);
    await expect(bad()).rejects.toThrow(
      `loadMnistSplit: split is "validation"; use 'train' or 'test'.`,
    );
    await expect(loadMnistSplit('test', { limit: -1 })).rejects.toThrow(
      'loadMnistSplit: limit is -1; use a whole number >= 0.',
    );
  });
});
