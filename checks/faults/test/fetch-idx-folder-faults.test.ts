// fetchIdxFolder (the page's "your own IDX files" loader: four IDX files and an optional
// classes.txt at a URL the visitor types) against a hostile local server for one file while the
// others are served well. classes.txt is the new surface: endless, oversized, stalled, or the
// wrong count; and a gzip bomb for an IDX file whose size no checksum vouches for. Each must end
// in a typed error naming the URL, within its time and memory bounds; the same loader then loads
// the folder from a good server (without classes.txt: the digits).

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { type ChildRun, runChild } from '../src/child';
import { describeFetchFaults, type ServerFault } from '../src/fetch-then-refetch';
import { ALL_NAMES, cleanup, gzipBomb, gzipped, NAMES } from '../src/fixtures';
import {
  type FaultServer,
  forever,
  type Handler,
  serveFile,
  startServer,
  stream,
} from '../src/server';
import { CAP_MB, Outcomes } from '../src/verdict';

const CHILD = fileURLToPath(new URL('../children/fetch-idx-folder.mjs', import.meta.url));
const outcomes = new Outcomes('fetch-idx-folder-faults');
const GIB = 2 ** 30;
const CLASSES = 'classes.txt';

function fetchFolder(options: object, maxWallMs: number): Promise<ChildRun> {
  return runChild(CHILD, ['fetch', JSON.stringify(options)], {
    timeoutMs: maxWallMs,
    hardRssMb: 1.5 * CAP_MB.dataset,
  });
}

let server: FaultServer;
/** The faulty answer for one file, by name; the others are served well (classes.txt: 404). */
let fault: { file: string; handler: Handler } | undefined;
const gz = new Map<string, Buffer>();
let bomb: Buffer;

beforeAll(async () => {
  for (const name of ALL_NAMES) gz.set(name, await gzipped(name));
  bomb = await gzipBomb();
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

const names64k = Buffer.from('Sneaker\n'.repeat(8192));

const faults: ServerFault[] = [
  {
    fault: 'classes.txt: endless body (no length)',
    file: CLASSES,
    handler: (_, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      stream(res, { next: forever(names64k), intervalMs: 0, maxBytes: 4 * GIB, end: 'destroy' });
    },
    timeoutMs: 30_000,
    maxWallMs: 20_000,
    error: 'DownloadError',
  },
  {
    fault: 'classes.txt: Content-Length of 10 GiB',
    file: CLASSES,
    handler: (_, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 10 * GIB });
      stream(res, { next: forever(names64k), intervalMs: 0, maxBytes: 4 * GIB, end: 'destroy' });
    },
    timeoutMs: 30_000,
    maxWallMs: 20_000,
    error: 'DownloadError',
  },
  {
    fault: 'classes.txt: stalled after 8 bytes',
    file: CLASSES,
    handler: (_, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 1000 });
      res.write('Sneaker\n');
    },
    timeoutMs: 3000,
    maxWallMs: 15_000,
    error: 'DownloadError',
  },
  {
    fault: 'classes.txt: 3 names for 10 classes',
    file: CLASSES,
    handler: (_, res) => serveFile(res, Buffer.from('Sneaker\nBag\nCoat\n')),
    timeoutMs: 10_000,
    maxWallMs: 15_000,
    error: 'ClassNamesError',
  },
  {
    fault: 'gzip bomb (1 MB -> 1 GiB) as the training images',
    file: NAMES.trainImages,
    handler: (_, res) => serveFile(res, bomb),
    timeoutMs: 30_000,
    maxWallMs: 20_000,
    error: 'GzipError',
  },
];

describeFetchFaults('fetchIdxFolder', faults, {
  outcomes,
  fetch: fetchFolder,
  baseUrl: () => server.baseUrl,
  setFault: (next) => {
    fault = next;
  },
  urlOf: (file) => `${server.baseUrl}${file === CLASSES ? CLASSES : `${file}.gz`}`,
});
