import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChecksumError, DatasetOptionError, DownloadError, MNIST_FILES } from '../src/index';
import { defaultCacheDir, loadMnist } from '../src/node';
import { labelsFile, makeTempDir, removeTempDirs } from './fixtures';
import { type MnistServer, NAMES, startMnistServer } from './mnist-server';

let server: MnistServer;
let origin: string;
let requests: string[];
let realGz: ReadonlyMap<string, Buffer>;

beforeAll(async () => {
  server = await startMnistServer();
  ({ origin, requests, realGz } = server);
});

afterAll(async () => {
  await server.close();
  await removeTempDirs();
});

async function listDir(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [])).sort();
}

describe('loadMnist({ baseUrl, cacheDir }) download source', () => {
  let cacheDir: string;

  it('downloads, verifies and caches the four files, reporting progress', async () => {
    cacheDir = await makeTempDir();
    const progress = new Map<string, [number, number | undefined]>();
    const before = requests.length;
    const { train, test } = await loadMnist({
      baseUrl: `${origin}/ok/`,
      cacheDir,
      onProgress: (file, received, total) => progress.set(file, [received, total]),
    });
    expect(train.count).toBe(60_000);
    expect(test.count).toBe(10_000);
    expect([...train.labels.subarray(0, 5)]).toEqual([5, 0, 4, 1, 9]);
    expect([...test.labels.subarray(0, 5)]).toEqual([7, 2, 1, 0, 4]);
    expect(requests.slice(before).sort()).toEqual(NAMES.map((name) => `/ok/${name}.gz`).sort());
    expect(await listDir(cacheDir)).toEqual(NAMES.map((name) => `${name}.gz`).sort());
    for (const name of NAMES) {
      const served = realGz.get(`${name}.gz`)!;
      expect((await readFile(join(cacheDir, `${name}.gz`))).equals(served)).toBe(true);
      expect(progress.get(name)).toEqual([served.length, served.length]);
    }
  });

  it('loads a second time from the cache without any request', async () => {
    const before = requests.length;
    const { train, test } = await loadMnist({ baseUrl: `${origin}/ok/`, cacheDir });
    expect(requests.length).toBe(before);
    expect(train.count).toBe(60_000);
    expect([...test.labels.subarray(0, 5)]).toEqual([7, 2, 1, 0, 4]);
  });

  it('fetches again only a cached file that fails its checksum', async () => {
    const damaged = `${MNIST_FILES.testLabels.name}.gz`;
    await writeFile(join(cacheDir, damaged), gzipSync(labelsFile([1])));
    const before = requests.length;
    const { test } = await loadMnist({ baseUrl: `${origin}/ok`, cacheDir });
    expect(requests.slice(before)).toEqual([`/ok/${damaged}`]);
    expect(test.count).toBe(10_000);
    expect((await readFile(join(cacheDir, damaged))).equals(realGz.get(damaged)!)).toBe(true);
  });

  it('rejects served files that parse but fail the checksum, and caches nothing', async () => {
    const dir = await makeTempDir();
    const load = loadMnist({ baseUrl: `${origin}/wrong/`, cacheDir: dir });
    await expect(load).rejects.toBeInstanceOf(ChecksumError);
    await expect(load).rejects.toThrow(
      `${origin}/wrong/${MNIST_FILES.trainImages.name}.gz: SHA-256 of the decompressed data is`,
    );
    await expect(load).rejects.toThrow(
      /check that the baseUrl option points at a copy of the original MNIST files; to load other IDX data in the MNIST layout, turn checksum verification off \(loadMnist's `verify: false`\)\.$/,
    );
    expect(await listDir(dir)).toEqual([]);
  });

  it('reports a connection dropped half-way and leaves no partial or temporary file', async () => {
    const dir = await makeTempDir();
    const load = loadMnist({ baseUrl: `${origin}/drop/`, cacheDir: dir });
    await expect(load).rejects.toBeInstanceOf(DownloadError);
    await expect(load).rejects.toThrow(
      new RegExp(
        `Could not download ${origin}/drop/${MNIST_FILES.trainImages.name}\\.gz: the transfer broke off after \\d+ of \\d+ bytes`,
      ),
    );
    expect(await listDir(dir)).toEqual([]);
    const { train } = await loadMnist({ baseUrl: `${origin}/ok/`, cacheDir: dir });
    expect(train.count).toBe(60_000);
  });

  it('reports an HTTP error status with the URL', async () => {
    const dir = await makeTempDir();
    const load = loadMnist({ baseUrl: `${origin}/missing/`, cacheDir: dir });
    await expect(load).rejects.toMatchObject({ name: 'DownloadError', status: 404 });
    await expect(load).rejects.toThrow(
      `Could not download ${origin}/missing/${MNIST_FILES.trainImages.name}.gz: HTTP 404 Not Found`,
    );
    expect(await listDir(dir)).toEqual([]);
  });

  it('reports a refused connection with the URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const load = loadMnist({ baseUrl: `http://127.0.0.1:${port}/`, cacheDir: await makeTempDir() });
    await expect(load).rejects.toBeInstanceOf(DownloadError);
    await expect(load).rejects.toThrow(
      `Could not download http://127.0.0.1:${port}/${MNIST_FILES.trainImages.name}.gz: connection refused`,
    );
  });

  it('gives up when no answer comes for timeoutMs, naming the URL and the option', async () => {
    const load = loadMnist({
      baseUrl: `${origin}/hang/`,
      cacheDir: await makeTempDir(),
      timeoutMs: 200,
    });
    await expect(load).rejects.toThrow(
      `Could not download ${origin}/hang/${MNIST_FILES.trainImages.name}.gz: no answer for 200 ms (raise the timeoutMs option`,
    );
  });

  it('rejects a timeoutMs that is not positive', async () => {
    const load = loadMnist({ download: true, timeoutMs: 0 });
    await expect(load).rejects.toBeInstanceOf(DatasetOptionError);
    await expect(load).rejects.toThrow('loadMnist: timeoutMs is 0; use milliseconds > 0.');
  });
});

describe('defaultCacheDir', () => {
  it('uses $XDG_CACHE_HOME when absolute, else ~/.cache', () => {
    const saved = process.env.XDG_CACHE_HOME;
    try {
      process.env.XDG_CACHE_HOME = '/var/cache/someone';
      expect(defaultCacheDir()).toBe('/var/cache/someone/mnist-wasm');
      process.env.XDG_CACHE_HOME = 'relative/path';
      expect(defaultCacheDir()).toMatch(/\/\.cache\/mnist-wasm$/);
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  });
});
