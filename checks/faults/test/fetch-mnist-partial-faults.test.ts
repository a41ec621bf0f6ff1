// fetchMnist with a trainLimit (the browser loader of @mnist-wasm/dataset, run in Node, reading
// only the first N training examples and aborting the request) against a hostile local server for
// the training images while the other files are served well: files cut before example N, garbage
// after the part needed, a limit above the file's count, a server that keeps sending after the
// client stopped reading, one that stalls right after the part needed. Each ends in a typed error
// naming the URL or in the right examples, within its time and memory bounds.
//
// Decided: a partial read checks what it reads (the IDX header against the original's, the labels
// read) and nothing past it, so garbage after the part needed goes unnoticed and the read
// succeeds; the same file read whole fails.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type ChildRun, runChild } from '../src/child';
import { ALL_NAMES, cleanup, garbage, gzipped, mnistDataDir, NAMES } from '../src/fixtures';
import { type FaultServer, type Handler, LOOP_MAX_MS, serveFile, startServer } from '../src/server';
import { CAP_MB, failureProblems, Outcomes, successProblems } from '../src/verdict';

const CHILD = fileURLToPath(new URL('../children/fetch-mnist.mjs', import.meta.url));
const outcomes = new Outcomes('fetch-mnist-partial-faults');
const GIB = 2 ** 30;
/** The training examples each fetch asks for. */
const N = 1000;
const HEADER = 16;
const IMAGE = 784;
/** The first training labels, as every good load of MNIST gives them. */
const FIRST_LABELS = [5, 0, 4, 1, 9];

function fetchPart(options: object, maxWallMs: number): Promise<ChildRun> {
  return runChild(CHILD, ['fetch', JSON.stringify({ baseUrl: server.baseUrl, ...options })], {
    timeoutMs: maxWallMs,
    hardRssMb: 1.5 * CAP_MB.dataset,
  });
}

let server: FaultServer;
/** The faulty answer for the training images; the other files are served well. */
let fault: Handler | undefined;
const gz = new Map<string, Buffer>();
let rawImages: Buffer;
/**
 * Bytes the last hostile handler got into the socket, and whether the socket closed (observed
 * for the verdict; the handler itself never looks).
 */
let written = { bytes: 0, closed: false };

beforeAll(async () => {
  for (const name of ALL_NAMES) gz.set(name, await gzipped(name));
  rawImages = await readFile(join(mnistDataDir(), NAMES.trainImages));
  server = await startServer((name, res, req) => {
    const file = name.replace(/\.gz$/, '');
    if (fault && file === NAMES.trainImages) return fault(name, res, req);
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

/** The raw training images file up to (not including) example `count`: header and pixels. */
const rawUpTo = (count: number) => rawImages.subarray(0, HEADER + count * IMAGE);

/**
 * Writes `bytes`, then `after` again and again, as fast as the socket takes them, never listening
 * for the client going away: only a failed write (the socket closed) ends it, or the loop bound.
 */
function sendIgnoringClose(res: Parameters<Handler>[1], bytes: Buffer, after: Buffer): void {
  res.writeHead(200, { 'content-type': 'application/gzip' });
  written = { bytes: 0, closed: false };
  res.socket?.once('close', () => {
    written.closed = true;
  });
  const started = performance.now();
  let offset = 0;
  const step = (): void => {
    if (res.destroyed) return; // writes to a closed socket go nowhere, and never call back
    if (performance.now() - started > LOOP_MAX_MS || offset > 4 * GIB) {
      res.destroy();
      return;
    }
    const piece = offset < bytes.length ? bytes.subarray(offset, offset + 64 * 1024) : after;
    offset += piece.length;
    const ok = res.write(piece, (error) => {
      if (!error) written.bytes += piece.length;
    });
    if (ok) setImmediate(step);
    else res.once('drain', step);
  };
  step();
}

interface PartialFault {
  fault: string;
  handler: Handler;
  options: object;
  maxWallMs: number;
  /** The error class, or undefined when the fetch must succeed with `count` training examples. */
  error?: string;
  count?: number;
}

const faults: PartialFault[] = [
  {
    fault: `header says 60,000 images, the file (a whole gzip) ends just before image ${N}`,
    handler: (_, res) => serveFile(res, gzipSync(rawUpTo(N - 1))),
    options: { trainLimit: N, timeoutMs: 10_000 },
    maxWallMs: 15_000,
    error: 'DownloadError',
  },
  {
    fault: `the gzip stream itself cut just before image ${N}, connection closed normally`,
    handler: (_, res) => {
      const whole = gzipSync(rawUpTo(N - 1));
      res.writeHead(200, { 'content-type': 'application/gzip' });
      res.end(whole.subarray(0, whole.length - 8)); // no gzip trailer
    },
    options: { trainLimit: N, timeoutMs: 10_000 },
    maxWallMs: 15_000,
    error: 'GzipError',
  },
  {
    fault: `garbage after a gzip of the first ${2 * N} images, read in part (first ${N})`,
    handler: (_, res) =>
      serveFile(res, Buffer.concat([gzipSync(rawUpTo(2 * N)), garbage(GIB >> 12, 1)])),
    options: { trainLimit: N, timeoutMs: 10_000 },
    maxWallMs: 15_000,
    count: N,
  },
  {
    fault: `the same garbage after ${2 * N} images, read whole (no limit)`,
    handler: (_, res) =>
      serveFile(res, Buffer.concat([gzipSync(rawUpTo(2 * N)), garbage(GIB >> 12, 1)])),
    options: { timeoutMs: 10_000 },
    maxWallMs: 20_000,
    error: 'GzipError',
  },
  {
    fault: 'trainLimit 100,000, above the 60,000 the file holds: read whole',
    handler: (_, res) => serveFile(res, gz.get(NAMES.trainImages)!),
    options: { trainLimit: 100_000, timeoutMs: 10_000 },
    maxWallMs: 30_000,
    count: 60_000,
  },
  {
    fault: `trainLimit 100,000 and a file of ${N} images (header says ${N})`,
    handler: (_, res) => {
      const header = Buffer.from(rawImages.subarray(0, HEADER));
      header.writeUInt32BE(N, 4);
      serveFile(res, gzipSync(Buffer.concat([header, rawUpTo(N).subarray(HEADER)])));
    },
    options: { trainLimit: 100_000, timeoutMs: 10_000 },
    maxWallMs: 15_000,
    error: 'DownloadError',
  },
  {
    fault: `server keeps sending after the client stopped reading (first ${N} images)`,
    handler: (_, res) => sendIgnoringClose(res, gz.get(NAMES.trainImages)!, garbage(64 * 1024, 2)),
    options: { trainLimit: N, timeoutMs: 10_000 },
    maxWallMs: 10_000,
    count: N,
  },
  {
    fault: `server stalls right after a gzip of the first ${2 * N} images (Content-Length of all)`,
    handler: (_, res) => {
      res.writeHead(200, {
        'content-type': 'application/gzip',
        'content-length': gz.get(NAMES.trainImages)!.length,
      });
      res.write(gzipSync(rawUpTo(2 * N)));
    },
    // An idle timeout far above the bound: the read must end without waiting for it.
    options: { trainLimit: N, timeoutMs: 60_000 },
    maxWallMs: 10_000,
    count: N,
  },
];

describe('fetchMnist reading the first training examples, with a hostile server', () => {
  for (const { fault: name, handler, options, maxWallMs, error, count } of faults) {
    it(name, async () => {
      fault = handler;
      written = { bytes: 0, closed: false };
      const run = await fetchPart({ testLimit: 100, ...options }, maxWallMs);
      fault = undefined;
      const url = `${server.baseUrl}${NAMES.trainImages}.gz`;
      const bounds = { capMb: CAP_MB.dataset, maxWallMs };
      let problems: string[];
      let asserted: string;
      if (error !== undefined) {
        problems = failureProblems(run, { error, names: url, ...bounds });
        asserted = `${error} naming the URL within ${maxWallMs / 1000} s`;
      } else {
        problems = successProblems(run, bounds);
        const result = run.report?.result as { train?: number; trainLabels?: number[] } | null;
        if (run.report?.ok) {
          if (result?.train !== count)
            problems.push(`${result?.train} training examples, not ${count}`);
          if (JSON.stringify(result?.trainLabels) !== JSON.stringify(FIRST_LABELS)) {
            problems.push(`first labels ${JSON.stringify(result?.trainLabels)}`);
          }
        }
        asserted = `${count} training examples, the first labels right, within ${maxWallMs / 1000} s`;
      }
      let note: string | undefined;
      if (written.bytes > 0) {
        const whole = gz.get(NAMES.trainImages)!.length;
        note = `the server got ${written.bytes} bytes into the socket (socket buffers; the file is ${whole}) before the socket closed`;
        if (!written.closed) problems.push('the socket is still open: the client never closed it');
        // Read to the end, the endless garbage after the file would have failed the fetch.
        if (!(written.bytes < whole)) problems.push(`${written.bytes} bytes went out`);
      }
      outcomes.expectSurvived(
        `fetchMnist (part): ${name}`,
        asserted,
        run,
        CAP_MB.dataset,
        problems,
        note,
      );
    });
  }
});
