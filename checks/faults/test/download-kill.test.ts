// SIGKILL at seeded points of a download: a child downloads the training images (10.9 MB,
// throttled to about 1.7 s) into a cache that holds the three other files, and is killed. After
// each kill the cache holds only complete, good files; afterwards it loads, online and offline.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { CHILD, type ChildRun, runChild } from '../src/child';
import {
  ALL_NAMES,
  cleanup,
  gzipped,
  NAMES,
  SEED,
  seededDelays,
  tempFolder,
} from '../src/fixtures';
import { type FaultServer, piecesOf, serveFile, startServer, stream } from '../src/server';
import { CAP_MB, Outcomes, successProblems } from '../src/verdict';

const outcomes = new Outcomes('download-kill');
const WALL_MS = 30_000;
const bounds = { capMb: CAP_MB.dataset, maxWallMs: WALL_MS };
const DOWNLOADED = NAMES.trainImages;

function load(options: object, killAfterMs?: number): Promise<ChildRun> {
  return runChild(CHILD.dataset, ['load', JSON.stringify(options)], {
    timeoutMs: WALL_MS,
    hardRssMb: 1.5 * CAP_MB.dataset,
    ...(killAfterMs !== undefined && { killAfter: { mark: 'ready', delayMs: killAfterMs } }),
  });
}

let server: FaultServer;
let throttled = true;
const gz = new Map<string, Buffer>();

beforeAll(async () => {
  for (const name of ALL_NAMES) gz.set(name, await gzipped(name));
  server = await startServer((name, res) => {
    const bytes = gz.get(name.replace(/\.gz$/, ''));
    if (!bytes) return void res.writeHead(404).end();
    if (!throttled) return serveFile(res, bytes);
    // 64 KiB every 10 ms: about 6.5 MB/s.
    res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': bytes.length });
    stream(res, {
      next: piecesOf(bytes, 64 * 1024),
      intervalMs: 10,
      maxBytes: bytes.length,
      end: 'finish',
    });
  });
});

afterAll(async () => {
  await server?.close();
  outcomes.write();
  await cleanup();
});

describe('SIGKILL during a download', () => {
  it('leaves only complete, good files in the cache after each of 5 seeded kills', async () => {
    const cacheDir = await tempFolder('kill-cache');
    for (const name of ALL_NAMES) {
      if (name !== DOWNLOADED) await writeFile(join(cacheDir, `${name}.gz`), gz.get(name)!);
    }
    const runs: ChildRun[] = [];
    const problems: string[] = [];
    const seen: string[] = [];
    for (const [i, delayMs] of seededDelays(SEED + 10, 5, 0, 1900).entries()) {
      // Each round starts without the file, so each kill lands in a download.
      await rm(join(cacheDir, `${DOWNLOADED}.gz`), { force: true });
      throttled = true;
      const killed = await load({ cacheDir, baseUrl: server.baseUrl }, delayMs);
      runs.push(killed);
      const wasKilled = killed.signal === 'SIGKILL' && killed.killedAfterMs !== undefined;
      if (!wasKilled)
        problems.push(...successProblems(killed, bounds).map((p) => `round ${i}: ${p}`));
      const listing = (await readdir(cacheDir)).sort();
      for (const name of listing) {
        const file = name.replace(/\.gz$/, '');
        const good = gz.get(file);
        if (!good || !name.endsWith('.gz')) continue; // a temporary file: checked at the end
        if (!(await readFile(join(cacheDir, name))).equals(good)) {
          problems.push(
            `after the kill at ${delayMs} ms, ${name} in the cache is not the good file`,
          );
        }
      }
      for (const name of ALL_NAMES) {
        if (name !== DOWNLOADED && !listing.includes(`${name}.gz`)) {
          problems.push(`after the kill at ${delayMs} ms, ${name}.gz is gone from the cache`);
        }
      }
      const others = listing.filter((name) => !ALL_NAMES.some((n) => name === `${n}.gz`));
      const state = listing.includes(`${DOWNLOADED}.gz`) ? 'file complete' : 'file absent';
      seen.push(
        `${delayMs} ms: ${wasKilled ? 'killed' : 'finished first'}, ${state}, ${others.length} other`,
      );
    }

    // Afterwards: a download completes and tidies up; then the cache loads with no server at all.
    throttled = false;
    await rm(join(cacheDir, `${DOWNLOADED}.gz`), { force: true });
    const online = await load({ cacheDir, baseUrl: server.baseUrl });
    runs.push(online);
    problems.push(...successProblems(online, bounds).map((p) => `load after the kills: ${p}`));
    const listing = (await readdir(cacheDir)).sort();
    const expected = ALL_NAMES.map((name) => `${name}.gz`).sort();
    if (listing.join() !== expected.join()) {
      problems.push(`after a good download the cache holds ${listing.join(', ')}`);
    }
    const closed = await server.close().then(() => startServer(() => undefined));
    const deadUrl = closed.baseUrl;
    await closed.close(); // nothing listens there any more
    const offline = await load({ cacheDir, baseUrl: deadUrl });
    runs.push(offline);
    problems.push(
      ...successProblems(offline, bounds).map((p) => `offline load from the cache: ${p}`),
    );
    const result = offline.report?.result as { train?: number; test?: number } | null | undefined;
    if (offline.report?.ok && (result?.train !== 60_000 || result?.test !== 10_000)) {
      problems.push(`the offline load gave ${result?.train} + ${result?.test} examples`);
    }

    outcomes.expectSurvived(
      'SIGKILL during a download, 5 seeded points',
      'after each kill the cache holds only complete good files; a later download leaves exactly the four .gz files; the cache then loads offline',
      runs,
      CAP_MB.dataset,
      problems,
      seen.join('; '),
    );
  });
});
