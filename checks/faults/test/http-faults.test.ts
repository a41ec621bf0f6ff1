// Downloads from a hostile local server (127.0.0.1): endless, oversized, stalled, slow, cut and
// garbage responses for one file while the cache holds the three others. Each must end in a typed
// error naming the URL, within its time and memory bounds, leaving the cache as it was and usable.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { CHILD, type ChildRun, runChild } from '../src/child';
import {
  ALL_NAMES,
  cleanup,
  garbage,
  gzipBomb,
  gzipped,
  NAMES,
  SEED,
  tempFolder,
} from '../src/fixtures';
import {
  type FaultServer,
  forever,
  type Handler,
  piecesOf,
  serveFile,
  startServer,
  stream,
} from '../src/server';
import { CAP_MB, failureProblems, Outcomes, successProblems } from '../src/verdict';

const outcomes = new Outcomes('http-faults');
const GIB = 2 ** 30;
/** The file the faulty server answers for; the cache holds the other three. */
const FAULTY = NAMES.trainLabels;

function load(options: object, maxWallMs: number): Promise<ChildRun> {
  return runChild(CHILD.dataset, ['load', JSON.stringify(options)], {
    timeoutMs: maxWallMs,
    hardRssMb: 1.5 * CAP_MB.dataset,
  });
}

let server: FaultServer;
let fault: Handler | undefined;
const gz = new Map<string, Buffer>();
let url: string;
let bomb: Buffer;

beforeAll(async () => {
  for (const name of ALL_NAMES) gz.set(name, await gzipped(name));
  bomb = await gzipBomb();
  server = await startServer((name, res, req) => {
    const file = name.replace(/\.gz$/, '');
    if (fault && file === FAULTY) return fault(name, res, req);
    const bytes = gz.get(file);
    if (bytes) serveFile(res, bytes);
    else res.writeHead(404).end();
  });
  url = `${server.baseUrl}${FAULTY}.gz`;
});

afterAll(async () => {
  await server?.close();
  outcomes.write();
  await cleanup();
});

/** A cache with the good `.gz` of every file but {@link FAULTY}. */
async function cacheWithoutFaulty(): Promise<string> {
  const dir = await tempFolder('http-cache');
  for (const name of ALL_NAMES) {
    if (name !== FAULTY) await writeFile(join(dir, `${name}.gz`), gz.get(name)!);
  }
  return dir;
}

/** The cache holds exactly the good files `names` (nothing partial, no temporary files). */
async function cacheProblems(dir: string, names: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  const listing = (await readdir(dir)).sort();
  const expected = names.map((name) => `${name}.gz`).sort();
  if (listing.join() !== expected.join()) {
    problems.push(`the cache holds ${listing.join(', ')} instead of ${expected.join(', ')}`);
  }
  for (const name of names) {
    const bytes = await readFile(join(dir, `${name}.gz`)).catch(() => undefined);
    if (bytes && !bytes.equals(gz.get(name)!)) problems.push(`${name}.gz in the cache changed`);
  }
  return problems;
}

const random64k = garbage(64 * 1024, SEED + 2);

interface HttpFault {
  fault: string;
  handler: Handler;
  /** loadMnist's timeoutMs. */
  timeoutMs: number;
  maxWallMs: number;
  /** The error expected, or 'success' for a slow download that completes. */
  error: string | readonly string[] | 'success';
}

const httpFaults: HttpFault[] = [
  {
    fault: 'endless body (random bytes, no length)',
    handler: (_, res) => {
      res.writeHead(200, { 'content-type': 'application/gzip' });
      stream(res, { next: forever(random64k), intervalMs: 0, maxBytes: 4 * GIB, end: 'destroy' });
    },
    timeoutMs: 60_000,
    maxWallMs: 20_000,
    error: 'DownloadError',
  },
  {
    fault: 'oversized Content-Length (10 GiB declared)',
    handler: (_, res) => {
      res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': 10 * GIB });
      stream(res, { next: forever(random64k), intervalMs: 0, maxBytes: 4 * GIB, end: 'destroy' });
    },
    timeoutMs: 60_000,
    maxWallMs: 20_000,
    error: 'DownloadError',
  },
  {
    fault: 'oversized gzip (1 MB bomb -> 1 GiB)',
    handler: (_, res) => serveFile(res, bomb),
    timeoutMs: 60_000,
    maxWallMs: 20_000,
    // Whichever bound trips first: the download's size limit (the .gz is larger than the file can
    // be), the decompressed size (GzipError), or the IDX header (IdxFormatError).
    error: ['DownloadError', 'GzipError', 'IdxFormatError'],
  },
  {
    fault: 'stalled before the headers',
    handler: () => {
      // Never answers; the connection is destroyed when the server closes.
    },
    timeoutMs: 3000,
    maxWallMs: 15_000,
    error: 'DownloadError',
  },
  {
    fault: 'stalled after 16 KiB of the body',
    handler: (_, res) => {
      const bytes = gz.get(FAULTY)!;
      res.writeHead(200, { 'content-length': bytes.length });
      res.write(bytes.subarray(0, 16 * 1024));
    },
    timeoutMs: 3000,
    maxWallMs: 15_000,
    error: 'DownloadError',
  },
  {
    // A slowloris answer: never idle for long, never done. Its bytes come faster than the idle
    // timeout, so only an overall bound (or the file's size limit, reached after ~400 s here)
    // stops it.
    fault: 'slow endless trickle (16 B / 100 ms)',
    handler: (_, res) => {
      res.writeHead(200, { 'content-type': 'application/gzip' });
      stream(res, {
        next: forever(gz.get(FAULTY)!.subarray(0, 16)),
        intervalMs: 100,
        maxBytes: GIB,
        end: 'destroy',
      });
    },
    timeoutMs: 3000,
    maxWallMs: 15_000,
    error: 'DownloadError',
  },
  {
    // Slow but steady: 3.7 s in all, never 2 s without bytes. An idle timeout lets it finish.
    fault: 'slow but complete (2 KiB / 250 ms, 3.7 s; timeoutMs 2 s)',
    handler: (_, res) => {
      const bytes = gz.get(FAULTY)!;
      res.writeHead(200, { 'content-length': bytes.length });
      stream(res, { next: piecesOf(bytes, 2048), intervalMs: 250, maxBytes: GIB, end: 'finish' });
    },
    timeoutMs: 2000,
    maxWallMs: 20_000,
    error: 'success',
  },
  {
    fault: 'cut: connection dropped at half the Content-Length',
    handler: (_, res) => {
      const bytes = gz.get(FAULTY)!;
      res.writeHead(200, { 'content-length': bytes.length });
      res.write(bytes.subarray(0, bytes.length >> 1), () => res.destroy());
    },
    timeoutMs: 10_000,
    maxWallMs: 15_000,
    error: 'DownloadError',
  },
  {
    fault: 'cut: chunked body ends cleanly at half the file',
    handler: (_, res) => {
      const bytes = gz.get(FAULTY)!;
      res.writeHead(200, { 'content-type': 'application/gzip' });
      res.end(bytes.subarray(0, bytes.length >> 1));
    },
    timeoutMs: 10_000,
    maxWallMs: 15_000,
    error: 'GzipError',
  },
  {
    fault: 'garbage body (random bytes, not gzip)',
    handler: (_, res) => serveFile(res, garbage(gz.get(FAULTY)!.length, SEED + 3)),
    timeoutMs: 10_000,
    maxWallMs: 15_000,
    error: 'IdxFormatError',
  },
  {
    fault: 'status 500',
    handler: (_, res) => res.writeHead(500).end('oops'),
    timeoutMs: 10_000,
    maxWallMs: 15_000,
    error: 'DownloadError',
  },
];

describe('a hostile server for one file, the three others cached', () => {
  for (const { fault: name, handler, timeoutMs, maxWallMs, error } of httpFaults) {
    it(name, async () => {
      const cacheDir = await cacheWithoutFaulty();
      fault = handler;
      const run = await load({ cacheDir, baseUrl: server.baseUrl, timeoutMs }, maxWallMs);
      fault = undefined;
      const bounds = { capMb: CAP_MB.dataset, maxWallMs };
      const problems =
        error === 'success'
          ? successProblems(run, bounds)
          : failureProblems(run, { error, names: url, ...bounds });
      const expectedNames = error === 'success' ? ALL_NAMES : ALL_NAMES.filter((n) => n !== FAULTY);
      problems.push(...(await cacheProblems(cacheDir, expectedNames)));
      // Still usable: with the server good again, the load completes and fills the cache.
      const again = await load({ cacheDir, baseUrl: server.baseUrl }, 30_000);
      problems.push(
        ...successProblems(again, { capMb: CAP_MB.dataset, maxWallMs: 30_000 }).map(
          (p) => `load afterwards: ${p}`,
        ),
      );
      problems.push(...(await cacheProblems(cacheDir, ALL_NAMES)).map((p) => `afterwards: ${p}`));
      outcomes.expectSurvived(
        `HTTP ${name}`,
        error === 'success'
          ? 'loadMnist succeeds and caches the good file'
          : `${typeof error === 'string' ? error : error.join(' or ')} naming the URL within ${maxWallMs / 1000} s; nothing cached; a later load with a good server completes`,
        [run, again],
        CAP_MB.dataset,
        problems,
      );
    });
  }
});
