import { readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MNIST_FILES } from '../src/index';
import { loadMnist } from '../src/node';
import { runLoadMnist, spawnLoadMnist } from './child-process';
import { makeTempDir } from './fixtures';
import { NAMES, useMnistServer } from './mnist-server';

/**
 * Caps on the peak RSS of a child whose four downloads never end: the files' bounds together are
 * about 55 MB, while an unbounded read grows by about 100 MB a second until the server's 1 GiB cap.
 */
const ENDLESS_PEAK_RSS_CAP_KIB = 300 * 1024;
const ENDLESS_RSS_GROWTH_CAP_KIB = 150 * 1024;

const server = useMnistServer();

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('loadMnist downloads in a separate process', () => {
  it('keeps the peak RSS of an endless download bounded', async () => {
    const cacheDir = await makeTempDir();
    const result = await runLoadMnist({ baseUrl: `${server().origin}/endless/`, cacheDir }, 60_000);
    console.log(
      `endless download: child peak RSS ${Math.round(result.baselineKiB / 1024)} MiB before, ${Math.round(result.peakKiB / 1024)} MiB after`,
    );
    expect(result).toMatchObject({ ok: false, name: 'DownloadError' });
    expect(result.message).toContain(
      `Could not download ${server().origin}/endless/${MNIST_FILES.trainImages.name}.gz: the body passed the limit of`,
    );
    expect(result.peakKiB).toBeLessThan(ENDLESS_PEAK_RSS_CAP_KIB);
    expect(result.peakKiB - result.baselineKiB).toBeLessThan(ENDLESS_RSS_GROWTH_CAP_KIB);
    expect(await readdir(cacheDir)).toEqual([]);
  }, 90_000);

  it('removes temp files of killed processes at the next download, never those of live ones', async () => {
    const cacheDir = await makeTempDir();
    const child = spawnLoadMnist({
      baseUrl: `${server().origin}/stall/`,
      cacheDir,
      timeoutMs: 60_000,
    });
    const exited = new Promise((resolve) => child.on('close', resolve));
    const temp = await waitFor('the child to start writing its temp file', async () => {
      const names = await readdir(cacheDir).catch(() => []);
      return names.find((name) =>
        name.startsWith(`${MNIST_FILES.trainImages.name}.gz.${child.pid}@`),
      );
    });
    child.kill('SIGKILL');
    await exited;
    expect(temp).toMatch(/\.tmp$/);
    expect(await readdir(cacheDir)).toContain(temp);

    // A temp file of a live process (this one) looks the same but must survive.
    const live = temp.replace(`.gz.${child.pid}@`, `.gz.${process.pid}@`);
    await writeFile(join(cacheDir, live), 'being written');
    // Version 0.1.0's temp files carry no pid: one untouched for two hours goes, a fresh one stays.
    const entry = `${MNIST_FILES.testLabels.name}.gz`;
    const oldLeftOver = `${entry}.0b5c9d1e-2f3a-4b5c-8d7e-9f0a1b2c3d4e.tmp`;
    const oldFresh = `${entry}.1c6d0e2f-3a4b-4c5d-9e8f-0a1b2c3d4e5f.tmp`;
    await writeFile(join(cacheDir, oldLeftOver), 'left over');
    await writeFile(join(cacheDir, oldFresh), 'maybe being written');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(join(cacheDir, oldLeftOver), twoHoursAgo, twoHoursAgo);

    const { train } = await loadMnist({ baseUrl: `${server().origin}/ok/`, cacheDir });
    expect(train.count).toBe(60_000);
    const left = (await readdir(cacheDir)).sort();
    expect(left).toEqual([...NAMES.map((name) => `${name}.gz`), live, oldFresh].sort());
  }, 60_000);
});
