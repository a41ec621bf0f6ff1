// fetchMnist (the browser loader of @mnist-wasm/dataset, run in Node) against a hostile local
// server (127.0.0.1) for one file while the three others are served well: endless, oversized,
// stalled, cut, wrong-sized and gzip-bomb responses. Each must end in a typed error naming the URL,
// within its time and memory bounds; the same loader then loads from a good server.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { type ChildRun, runChild } from '../src/child';
import { describeFetchFaults, type ServerFault } from '../src/fetch-then-refetch';
import { ALL_NAMES, cleanup, gzipBomb, gzipped, mnistDataDir, NAMES } from '../src/fixtures';
import {
  type FaultServer,
  forever,
  type Handler,
  serveFile,
  startServer,
  stream,
} from '../src/server';
import { CAP_MB, Outcomes } from '../src/verdict';

const CHILD = fileURLToPath(new URL('../children/fetch-mnist.mjs', import.meta.url));
const outcomes = new Outcomes('fetch-mnist-faults');
const GIB = 2 ** 30;

function fetchAll(options: object, maxWallMs: number): Promise<ChildRun> {
  return runChild(CHILD, ['fetch', JSON.stringify(options)], {
    timeoutMs: maxWallMs,
    hardRssMb: 1.5 * CAP_MB.dataset,
  });
}

let server: FaultServer;
/** The faulty answer for one file, by name; the others are served well. */
let fault: { file: string; handler: Handler } | undefined;
const gz = new Map<string, Buffer>();
let bomb: Buffer;
let rawLabels: Buffer;

beforeAll(async () => {
  for (const name of ALL_NAMES) gz.set(name, await gzipped(name));
  bomb = await gzipBomb();
  rawLabels = await readFile(join(mnistDataDir(), NAMES.trainLabels));
  server = await startServer((name, res, req) => {
    const file = name.replace(/\.gz$/, '');
    if (fault && file === fault.file) return fault.handler(name, res, req);
    const bytes = gz.get(file);
    if (bytes) serveFile(res, bytes);
    else res.writeHead(404).end();
  });
});

afterAll(async () => {
  await server?.close();
  outcomes.write();
  await cleanup();
});

const random64k = Buffer.alloc(64 * 1024, 0x5a);

const faults: ServerFault[] = [
  {
    fault: 'endless body (no length)',
    file: NAMES.trainImages,
    handler: (_, res) => {
      res.writeHead(200, { 'content-type': 'application/gzip' });
      stream(res, { next: forever(random64k), intervalMs: 0, maxBytes: 4 * GIB, end: 'destroy' });
    },
    timeoutMs: 30_000,
    maxWallMs: 20_000,
    error: 'DownloadError',
  },
  {
    fault: 'oversized Content-Length (10 GiB declared)',
    file: NAMES.trainImages,
    handler: (_, res) => {
      res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': 10 * GIB });
      stream(res, { next: forever(random64k), intervalMs: 0, maxBytes: 4 * GIB, end: 'destroy' });
    },
    timeoutMs: 30_000,
    maxWallMs: 20_000,
    error: 'DownloadError',
  },
  {
    fault: 'gzip bomb (1 MB -> 1 GiB) for the training images',
    file: NAMES.trainImages,
    handler: (_, res) => serveFile(res, bomb),
    timeoutMs: 30_000,
    maxWallMs: 20_000,
    error: 'GzipError',
  },
  {
    fault: 'stalled after 16 KiB of the body',
    file: NAMES.trainImages,
    handler: (_, res) => {
      const bytes = gz.get(NAMES.trainImages)!;
      res.writeHead(200, { 'content-length': bytes.length });
      res.write(bytes.subarray(0, 16 * 1024));
    },
    timeoutMs: 3000,
    maxWallMs: 15_000,
    error: 'DownloadError',
  },
  {
    fault: 'cut: connection dropped at half the Content-Length',
    file: NAMES.trainImages,
    handler: (_, res) => {
      const bytes = gz.get(NAMES.trainImages)!;
      res.writeHead(200, { 'content-length': bytes.length });
      res.write(bytes.subarray(0, bytes.length >> 1), () => res.destroy());
    },
    timeoutMs: 10_000,
    maxWallMs: 15_000,
    error: 'DownloadError',
  },
  {
    fault: 'wrong size: the raw labels file less its last byte, undecoded',
    file: NAMES.trainLabels,
    handler: (_, res) => serveFile(res, rawLabels.subarray(0, rawLabels.length - 1)),
    timeoutMs: 10_000,
    maxWallMs: 15_000,
    error: 'DownloadError',
  },
  {
    fault: 'status 404',
    file: NAMES.testLabels,
    handler: (_, res) => res.writeHead(404).end('not found'),
    timeoutMs: 10_000,
    maxWallMs: 15_000,
    error: 'DownloadError',
  },
];

describeFetchFaults('fetchMnist', faults, {
  outcomes,
  fetch: fetchAll,
  baseUrl: () => server.baseUrl,
  setFault: (next) => {
    fault = next;
  },
  urlOf: (file) => `${server.baseUrl}${file}.gz`,
});
