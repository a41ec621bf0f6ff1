// `mnist-notebook sweep --dataset fashion-mnist` against a server answering HTTP 500: the sweep
// downloads the data set once, before its workers, so the failure is reported once, as the
// dataset's DownloadError naming the URL, and no worker starts (a worker would ask for the files
// again); exit 1, bounded in memory and time, nothing left in the cache. Through the built CLI
// in a child; the test-only hook MNIST_WASM_FAULT_DATASET_URL points the download at the server.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { CHILD, runChild } from '../src/child';
import { ALL_NAMES, cleanup, NAMES, tempFolder } from '../src/fixtures';
import { type FaultServer, startServer } from '../src/server';
import { CAP_MB, failureProblems, Outcomes } from '../src/verdict';

const outcomes = new Outcomes('sweep-download-faults');
const WALL_MS = 15_000;

let server: FaultServer;

beforeAll(async () => {
  server = await startServer((_name, res) => {
    res.writeHead(500).end();
  });
});

afterAll(async () => {
  await server?.close();
  outcomes.write();
  await cleanup();
});

describe('sweep --dataset: the download fails', () => {
  it('HTTP 500 for every file: one DownloadError naming the URL, exit 1, no worker started', async () => {
    const cache = await tempFolder('sweep-download');
    const run = await runChild(
      CHILD.cli,
      ['sweep', '--seeds', '1-2', '--workers', '2', '--dataset', 'fashion-mnist', '--epochs', '1'],
      {
        timeoutMs: WALL_MS,
        hardRssMb: 1.5 * CAP_MB.cli,
        env: { XDG_CACHE_HOME: cache, MNIST_WASM_FAULT_DATASET_URL: server.baseUrl },
      },
    );
    const url = `${server.baseUrl}${NAMES.trainImages}.gz`;
    const problems = failureProblems(run, {
      error: 'DownloadError',
      names: url,
      capMb: CAP_MB.cli,
      maxWallMs: WALL_MS,
      cli: true,
    });
    const printed = run.stderr.split('\n').filter((line) => line.startsWith('mnist-notebook:'));
    if (printed.length !== 1) problems.push(`${printed.length} errors printed, not one`);
    if (run.stderr.includes('sweep: seed')) problems.push('a worker reported the download');
    if (!run.stderr.includes('--data-dir')) problems.push('the message does not say what to do');
    for (const name of ALL_NAMES) {
      const asked = server.requests.filter((request) => request === `${name}.gz`).length;
      if (asked !== 1) problems.push(`${name}.gz requested ${asked} times, not once`);
    }
    if (server.requests.length !== ALL_NAMES.length) {
      problems.push(`${server.requests.length} requests: ${server.requests.join(', ')}`);
    }
    const left = await readdir(join(cache, 'mnist-wasm', 'fashion-mnist')).catch(() => []);
    if (left.length > 0) problems.push(`the cache holds ${left.join(', ')}`);
    outcomes.expectSurvived(
      'sweep --dataset fashion-mnist --workers 2, server answers HTTP 500',
      'exit 1, one DownloadError naming the URL and --data-dir, each file requested once, no worker, cache empty',
      run,
      CAP_MB.cli,
      problems,
      `${server.requests.length} requests`,
    );
  });
});
