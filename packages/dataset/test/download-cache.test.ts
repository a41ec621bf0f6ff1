import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CacheError, DataFileError, MNIST_FILES } from '../src/index';
import { loadMnist } from '../src/node';
import { makeTempDir } from './fixtures';
import { NAMES, useMnistServer } from './mnist-server';

const server = useMnistServer();

// Each test loads the whole of MNIST up to twice; generous on a busy machine.
describe('loadMnist download cache problems', { timeout: 30_000 }, () => {
  it('reports a cache folder that is a file, naming it; another folder then works', async () => {
    const parent = await makeTempDir();
    const cacheDir = join(parent, 'cache');
    await writeFile(cacheDir, 'not a folder');
    const load = loadMnist({ baseUrl: `${server().origin}/ok/`, cacheDir });
    await expect(load).rejects.toBeInstanceOf(CacheError);
    await expect(load).rejects.toBeInstanceOf(DataFileError);
    await expect(load).rejects.toMatchObject({ file: cacheDir });
    await expect(load).rejects.toThrow(
      `${cacheDir}: the download cache folder is a file (or lies under one), so nothing can be cached there; move that file away, or pass another cacheDir.`,
    );
    await rm(cacheDir);
    const { train } = await loadMnist({ baseUrl: `${server().origin}/ok/`, cacheDir });
    expect(train.count).toBe(60_000);
  });

  it('reports a cache folder under a file', async () => {
    const parent = await makeTempDir();
    await writeFile(join(parent, 'file'), '');
    const cacheDir = join(parent, 'file', 'cache');
    const load = loadMnist({ baseUrl: `${server().origin}/ok/`, cacheDir });
    await expect(load).rejects.toBeInstanceOf(CacheError);
    await expect(load).rejects.toThrow(
      `${cacheDir}: the download cache folder is a file (or lies under one)`,
    );
  });

  it('reports a cache entry that is a folder, naming it; the cache works once it is removed', async () => {
    const cacheDir = await makeTempDir();
    const entry = join(cacheDir, `${MNIST_FILES.testLabels.name}.gz`);
    await mkdir(entry);
    await writeFile(join(entry, 'keep'), 'a user file, never deleted by the loader');
    const load = loadMnist({ baseUrl: `${server().origin}/ok/`, cacheDir });
    await expect(load).rejects.toBeInstanceOf(CacheError);
    await expect(load).rejects.toMatchObject({ file: entry });
    await expect(load).rejects.toThrow(
      `${entry}: a folder stands where the cached file belongs; remove it (the file is then downloaded again), or pass another cacheDir.`,
    );
    expect(await readdir(entry)).toEqual(['keep']);
    await rm(entry, { recursive: true });
    const { test } = await loadMnist({ baseUrl: `${server().origin}/ok/`, cacheDir });
    expect(test.count).toBe(10_000);
    expect((await readdir(cacheDir)).sort()).toEqual(NAMES.map((name) => `${name}.gz`).sort());
  });
});
