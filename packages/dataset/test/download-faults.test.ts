import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DatasetOptionError,
  DownloadError,
  GzipError,
  IdxFormatError,
  MNIST_FILES,
} from '../src/index';
import { loadMnist } from '../src/node';
import { makeTempDir } from './fixtures';
import { NAMES, SLOW_GAP_MS, SLOW_PIECES, useMnistServer } from './mnist-server';

/** The bound on a download of the original train-images-idx3-ubyte, for the error messages. */
const TRAIN_IMAGES = MNIST_FILES.trainImages.name;
const TRAIN_IMAGES_GZ_BOUND = 47_040_016 + Math.ceil(47_040_016 / 1024) + 4096;

const server = useMnistServer();
let origin: string;
beforeAll(() => {
  origin = server().origin;
});

async function listDir(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [])).sort();
}

/** After a failure, the same cache must load the real files from a good server(). */
async function expectCacheUsable(cacheDir: string): Promise<void> {
  const { train, test } = await loadMnist({ baseUrl: `${origin}/ok/`, cacheDir });
  expect(train.count).toBe(60_000);
  expect(test.count).toBe(10_000);
  expect(await listDir(cacheDir)).toEqual(NAMES.map((name) => `${name}.gz`).sort());
}

// Each test loads the whole of MNIST up to twice; generous on a busy machine.
describe('loadMnist downloads: bounded size and idle timeout', { timeout: 30_000 }, () => {
  it('stops reading an endless body at the file bound, naming the URL and the limit', async () => {
    const cacheDir = await makeTempDir();
    const load = loadMnist({ baseUrl: `${origin}/endless/`, cacheDir });
    await expect(load).rejects.toBeInstanceOf(DownloadError);
    await expect(load).rejects.toThrow(
      `Could not download ${origin}/endless/${TRAIN_IMAGES}.gz: the body passed the limit of ${TRAIN_IMAGES_GZ_BOUND} bytes (no gzip copy of the original ${TRAIN_IMAGES} (47040016 bytes raw) is larger, so this is not that file)`,
    );
    expect(await listDir(cacheDir)).toEqual([]);
    await expectCacheUsable(cacheDir);
  });

  it('refuses a Content-Length above the bound before reading the body', async () => {
    const cacheDir = await makeTempDir();
    const load = loadMnist({ baseUrl: `${origin}/huge/`, cacheDir });
    await expect(load).rejects.toBeInstanceOf(DownloadError);
    await expect(load).rejects.toThrow(
      `Could not download ${origin}/huge/${TRAIN_IMAGES}.gz: the server announces 10000000000 bytes (Content-Length), more than the limit of ${TRAIN_IMAGES_GZ_BOUND} bytes`,
    );
    expect(await listDir(cacheDir)).toEqual([]);
  });

  it('bounds files of unknown size by maxBytes with verify off, with or without Content-Length', async () => {
    for (const mode of ['ok', 'chunked', 'endless']) {
      const cacheDir = await makeTempDir();
      const load = loadMnist({
        baseUrl: `${origin}/${mode}/`,
        cacheDir,
        verify: false,
        maxBytes: 20_000,
      });
      await expect(load).rejects.toBeInstanceOf(DownloadError);
      await expect(load).rejects.toThrow(
        new RegExp(
          `^Could not download ${origin}/${mode}/${TRAIN_IMAGES}\\.gz: .*the limit of 20000 bytes \\(the maxBytes option is 20000; raise it if the file is really that large\\)`,
        ),
      );
      // t10k-labels fits in 20,000 bytes and is cached; nothing else is, and no temp file is left.
      const expected = mode === 'endless' ? [] : [`${MNIST_FILES.testLabels.name}.gz`];
      expect(await listDir(cacheDir)).toEqual(expected);
    }
  });

  it('stops inflating a gzip bomb at the original raw size', async () => {
    const cacheDir = await makeTempDir();
    const load = loadMnist({ baseUrl: `${origin}/bomb/`, cacheDir });
    await expect(load).rejects.toBeInstanceOf(GzipError);
    await expect(load).rejects.toThrow(
      `${origin}/bomb/${TRAIN_IMAGES}.gz: decompresses to more than 47040016 bytes, so decompression was stopped (the original ${TRAIN_IMAGES} is 47040016 bytes)`,
    );
    expect(await listDir(cacheDir)).toEqual([]);
  });

  it('stops inflating a gzip bomb at maxBytes with verify off', async () => {
    const cacheDir = await makeTempDir();
    const load = loadMnist({
      baseUrl: `${origin}/bomb/`,
      cacheDir,
      verify: false,
      maxBytes: 1_000_000,
    });
    await expect(load).rejects.toThrow(
      `${origin}/bomb/${TRAIN_IMAGES}.gz: decompresses to more than 1000000 bytes, so decompression was stopped (the maxBytes option is 1000000`,
    );
    expect(await listDir(cacheDir)).toEqual([]);
  });

  it('fails a stalled transfer after timeoutMs without data, and removes its temp file', async () => {
    const cacheDir = await makeTempDir();
    const load = loadMnist({ baseUrl: `${origin}/stall/`, cacheDir, timeoutMs: 300 });
    await expect(load).rejects.toBeInstanceOf(DownloadError);
    await expect(load).rejects.toThrow(
      new RegExp(
        `^Could not download ${origin}/stall/${TRAIN_IMAGES}\\.gz: the transfer broke off after \\d+ of \\d+ bytes \\(less than 1024 bytes of data in 300 ms \\(raise the timeoutMs option`,
      ),
    );
    expect(await listDir(cacheDir)).toEqual([]);
    await expectCacheUsable(cacheDir);
  });

  it('completes a slow but steady transfer that takes longer than timeoutMs as a whole', async () => {
    const cacheDir = await makeTempDir();
    // The server's pauses add up to more than the timeout; none comes near it alone.
    const timeoutMs = 1000;
    expect((SLOW_PIECES - 1) * SLOW_GAP_MS).toBeGreaterThan(timeoutMs);
    const { train, test } = await loadMnist({ baseUrl: `${origin}/slow/`, cacheDir, timeoutMs });
    expect(train.count).toBe(60_000);
    expect([...test.labels.subarray(0, 5)]).toEqual([7, 2, 1, 0, 4]);
    const cached = await readFile(join(cacheDir, `${TRAIN_IMAGES}.gz`));
    expect(cached.equals(server().realGz.get(`${TRAIN_IMAGES}.gz`)!)).toBe(true);
  });

  it('loads files a server sends with Content-Encoding: gzip, whose length differs once decoded', async () => {
    const cacheDir = await makeTempDir();
    const { train } = await loadMnist({ baseUrl: `${origin}/encoded/`, cacheDir });
    expect(train.count).toBe(60_000);
    expect([...train.labels.subarray(0, 5)]).toEqual([5, 0, 4, 1, 9]);
    const second = await loadMnist({ baseUrl: `${origin}/missing/`, cacheDir });
    expect(second.train.count).toBe(60_000);
  });

  it('rejects a baseUrl that is not an absolute http(s) URL before any download', async () => {
    for (const baseUrl of ['storage.googleapis.com/mnist/', 'file:///tmp/mnist/', '']) {
      const load = loadMnist({ baseUrl, cacheDir: await makeTempDir() });
      await expect(load).rejects.toBeInstanceOf(DatasetOptionError);
      await expect(load).rejects.toThrow(
        `loadMnist: baseUrl is ${JSON.stringify(baseUrl)}; use an absolute http:// or https:// URL`,
      );
    }
  });

  it('rejects a maxBytes that is not a positive whole number', async () => {
    for (const maxBytes of [0, -1, 1.5, Number.NaN]) {
      await expect(loadMnist({ download: true, maxBytes })).rejects.toThrow(
        `loadMnist: maxBytes is ${maxBytes}; use a whole number of bytes > 0.`,
      );
    }
  });
});

// Each test loads the whole of MNIST up to twice; generous on a busy machine.
describe('loadMnist downloads: nothing unparsed is cached', { timeout: 30_000 }, () => {
  it('with verify off, reports an HTML page for what it is and caches nothing', async () => {
    const cacheDir = await makeTempDir();
    const load = loadMnist({ baseUrl: `${origin}/html/`, cacheDir, verify: false });
    await expect(load).rejects.toBeInstanceOf(IdxFormatError);
    await expect(load).rejects.toThrow(
      `${origin}/html/${TRAIN_IMAGES}.gz: magic number 1008821359 (0x3c21646f) is not that of an IDX file`,
    );
    expect(await listDir(cacheDir)).toEqual([]);
    const { train } = await loadMnist({ baseUrl: `${origin}/ok/`, cacheDir, verify: false });
    expect(train.count).toBe(60_000);
  });

  it('with verify off, discards a cached file that does not parse and fetches it again', async () => {
    const cacheDir = await makeTempDir();
    await loadMnist({ baseUrl: `${origin}/ok/`, cacheDir, verify: false });
    const junk = `${MNIST_FILES.testLabels.name}.gz`;
    await writeFile(join(cacheDir, junk), '<html>502</html>');
    const before = server().requests.length;
    const { test } = await loadMnist({ baseUrl: `${origin}/ok/`, cacheDir, verify: false });
    expect(server().requests.slice(before)).toEqual([`/ok/${junk}`]);
    expect([...test.labels.subarray(0, 5)]).toEqual([7, 2, 1, 0, 4]);
    expect((await readFile(join(cacheDir, junk))).equals(server().realGz.get(junk)!)).toBe(true);
  });
});
