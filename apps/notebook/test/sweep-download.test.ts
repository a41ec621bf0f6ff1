import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { bandedSplit, useTempFolder } from '@mnist-wasm/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SWEEP_DATASET_URL_HOOK, sweepDownloads } from '../src/sweep-download';

const temp = useTempFolder('mnist-sweep-download-');
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const NAMES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
] as const;

/** How long the server takes to answer with a file. */
const ANSWER_MS = 1000;
/** The `.gz` files a server publishes, by name (without `.gz`). */
const published = new Map<string, Buffer>();
/** How the server answers: the files, or HTTP 500 for everything. */
let answer: 'files' | 'error' = 'files';
/** Requests per file name (with `.gz`), since the last {@link resetRequests}. */
const requests = new Map<string, number>();
let server: Server;
let baseUrl: string;

function resetRequests(): void {
  requests.clear();
}

beforeAll(async () => {
  const [trainImages, trainLabels] = bandedSplit(200);
  const [testImages, testLabels] = bandedSplit(40);
  for (const [name, bytes] of [
    [NAMES[0], trainImages],
    [NAMES[1], trainLabels],
    [NAMES[2], testImages],
    [NAMES[3], testLabels],
  ] as const) {
    published.set(name, gzipSync(bytes));
  }
  server = createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname.slice(1);
    requests.set(name, (requests.get(name) ?? 0) + 1);
    const body = published.get(name.replace(/\.gz$/, ''));
    if (answer === 'error') res.writeHead(500).end();
    else if (body === undefined) res.writeHead(404).end();
    // As a real download takes a while: workers that each downloaded would all ask meanwhile.
    else
      setTimeout(() => res.writeHead(200, { 'content-length': body.length }).end(body), ANSWER_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const run = promisify(execFile);

/** Runs the built app with `cache` as XDG_CACHE_HOME and the local server as the data set's URL. */
async function notebookWith(cache: string, ...args: string[]) {
  const env = { ...process.env, XDG_CACHE_HOME: cache, [SWEEP_DATASET_URL_HOOK]: baseUrl };
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const SWEEP = ['sweep', '--dataset', 'fashion-mnist', '--no-verify', '--epochs', '1'];
const cachedFiles = (cache: string) =>
  readdir(join(cache, 'mnist-wasm', 'fashion-mnist')).then(
    (names) => names.sort(),
    () => [],
  );

describe('sweepDownloads', () => {
  it('is true for a data set other than MNIST without --data-dir only', () => {
    expect(sweepDownloads({ dataset: 'fashion-mnist' })).toBe(true);
    expect(sweepDownloads({ dataset: 'kmnist' })).toBe(true);
    expect(sweepDownloads({ dataset: 'kmnist', dataDir: 'kmnist-files' })).toBe(false);
    expect(sweepDownloads({ dataset: 'mnist' })).toBe(false);
    expect(sweepDownloads({})).toBe(false);
  });
});

describe('mnist-notebook sweep --dataset (downloaded)', () => {
  it('downloads each file once, before the workers, which read the cache', async () => {
    answer = 'files';
    resetRequests();
    const cache = temp.next('cache');
    const { code, stdout, stderr } = await notebookWith(
      cache,
      ...[...SWEEP, '--seeds', '1-2', '--workers', '2', '--json'],
    );
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.workers).toBe(2);
    expect(result.rows.map((row: { seed: number }) => row.seed)).toEqual([1, 2]);
    expect(Object.fromEntries(requests)).toEqual(
      Object.fromEntries(NAMES.map((name) => [`${name}.gz`, 1])),
    );
    expect(await cachedFiles(cache)).toEqual(NAMES.map((name) => `${name}.gz`).sort());
    // The progress a single run prints, once per file, all before the first run finished.
    const lines = stderr.split('\n');
    const firstRow = lines.findIndex((line) => line.startsWith('seed '));
    for (const name of NAMES) {
      const done = lines.filter((line) => line.startsWith(`downloading ${name}  `));
      expect(
        done.filter((line) => line.endsWith('100%')),
        stderr,
      ).toHaveLength(1);
      expect(lines.indexOf(done.at(-1)!)).toBeLessThan(firstRow);
    }

    resetRequests();
    const again = await notebookWith(cache, ...[...SWEEP, '--seeds', '3', '--workers', '1']);
    expect(again.code, again.stderr).toBe(0);
    expect(requests.size).toBe(0);
    expect(again.stderr).not.toContain('downloading');
  }, 120_000);

  it('reports a failed download once, naming the URL, and starts no worker', async () => {
    answer = 'error';
    resetRequests();
    const cache = temp.next('cache');
    const { code, stdout, stderr } = await notebookWith(
      cache,
      ...[...SWEEP, '--seeds', '1-2', '--workers', '2'],
    );
    answer = 'files';
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const errors = stderr.split('\n').filter((line) => line.startsWith('mnist-notebook:'));
    expect(errors).toEqual([
      `mnist-notebook: Could not download ${baseUrl}${NAMES[0]}.gz: HTTP 500 Internal Server Error. ` +
        'mnist-notebook downloads --dataset fashion-mnist once into its cache: check the network, ' +
        'or fetch the four .gz files yourself and pass their folder with --data-dir.',
    ]);
    expect(stderr).not.toContain('sweep: seed');
    // A worker would have downloaded the files again.
    expect(Object.fromEntries(requests)).toEqual(
      Object.fromEntries(NAMES.map((name) => [`${name}.gz`, 1])),
    );
    expect(await cachedFiles(cache)).toEqual([]);
  }, 60_000);
});
