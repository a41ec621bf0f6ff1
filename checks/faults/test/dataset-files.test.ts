// The MNIST files loadMnist reads: truncated, garbage and oversized IDX and gzip files in a data
// folder, and damaged entries in a download cache (which must be fetched again, not reported).
import { readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { CHILD, type ChildRun, runChild } from '../src/child';
import {
  ALL_NAMES,
  cleanup,
  garbage,
  gzipBomb,
  gzipped,
  mnistDataDir,
  NAMES,
  SEED,
  snapshot,
  sparseFile,
  tempFolder,
} from '../src/fixtures';
import { type FaultServer, serveFile, startServer } from '../src/server';
import { CAP_MB, failureProblems, Outcomes, successProblems } from '../src/verdict';

const outcomes = new Outcomes('dataset-files');
const WALL_MS = 30_000;
const bounds = { capMb: CAP_MB.dataset, maxWallMs: WALL_MS };
const GIB = 2 ** 30;

function load(options: object): Promise<ChildRun> {
  return runChild(CHILD.dataset, ['load', JSON.stringify(options)], {
    timeoutMs: WALL_MS,
    hardRssMb: 1.5 * CAP_MB.dataset,
  });
}

/**
 * A data folder whose files link to the originals, except `name` (or `name.gz`), which `write`
 * makes as a real file. Returns the folder and the faulty file's path.
 */
async function dataFolder(
  name: string,
  gz: boolean,
  write: (path: string) => Promise<void>,
): Promise<{ dir: string; path: string }> {
  const dir = await tempFolder('data');
  for (const other of ALL_NAMES) {
    if (other !== name) await symlink(join(mnistDataDir(), other), join(dir, other));
  }
  const path = join(dir, gz ? `${name}.gz` : name);
  await write(path);
  return { dir, path };
}

afterAll(async () => {
  outcomes.write();
  await cleanup();
});

interface FileFault {
  fault: string;
  name: string;
  gz: boolean;
  write: (path: string) => Promise<void>;
  error: string | readonly string[];
}

const original = (name: string) => readFile(join(mnistDataDir(), name));

const fileFaults: FileFault[] = [
  {
    fault: 'IDX truncated (labels cut in half)',
    name: NAMES.testLabels,
    gz: false,
    write: async (path) => writeFile(path, (await original(NAMES.testLabels)).subarray(0, 5004)),
    error: 'IdxFormatError',
  },
  {
    fault: 'IDX garbage (10,008 random bytes)',
    name: NAMES.testLabels,
    gz: false,
    write: (path) => writeFile(path, garbage(10_008, SEED)),
    error: 'IdxFormatError',
  },
  {
    fault: 'IDX header claiming 4,294,967,295 images',
    name: NAMES.testImages,
    gz: false,
    write: async (path) => {
      const bytes = Buffer.from(await original(NAMES.testImages));
      bytes.writeUInt32BE(0xffffffff, 4);
      await writeFile(path, bytes);
    },
    error: 'IdxFormatError',
  },
  {
    fault: 'IDX oversized (test images + zeros to 1 GiB)',
    name: NAMES.testImages,
    gz: false,
    write: async (path) => sparseFile(path, await original(NAMES.testImages), GIB),
    error: 'IdxFormatError',
  },
  {
    fault: 'gzip truncated (.gz cut in half)',
    name: NAMES.testLabels,
    gz: true,
    write: async (path) => {
      const gz = await gzipped(NAMES.testLabels);
      await writeFile(path, gz.subarray(0, gz.length >> 1));
    },
    error: 'GzipError',
  },
  {
    fault: 'gzip garbage (gzip magic + random bytes)',
    name: NAMES.testLabels,
    gz: true,
    write: (path) =>
      writeFile(path, Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), garbage(6000, SEED)])),
    error: 'GzipError',
  },
  {
    fault: 'gzip oversized (1 MB bomb -> 1 GiB of zeros)',
    name: NAMES.testLabels,
    gz: true,
    write: async (path) => writeFile(path, await gzipBomb()),
    // Either says what is wrong: the output is larger than the file can be (GzipError), or its
    // first bytes are no IDX header (IdxFormatError), whichever the loader finds first.
    error: ['GzipError', 'IdxFormatError'],
  },
];

describe('faulty files in a data folder (loadMnist({ dir }))', () => {
  for (const { fault, name, gz, write, error } of fileFaults) {
    it(fault, async () => {
      const { dir, path } = await dataFolder(name, gz, write);
      const before = await snapshot(dir);
      const run = await load({ dir });
      const problems = failureProblems(run, { error, names: path, ...bounds });
      const after = await snapshot(dir);
      if (after.join('\n') !== before.join('\n')) {
        problems.push(`the folder changed: ${before.join(', ')} -> ${after.join(', ')}`);
      }
      outcomes.expectSurvived(
        fault,
        `${typeof error === 'string' ? error : error.join(' or ')} naming the file; the folder unchanged`,
        run,
        CAP_MB.dataset,
        problems,
      );
    });
  }
});

describe('damaged entries in a download cache (fetched again from a good server)', () => {
  let server: FaultServer;
  const gz = new Map<string, Buffer>();

  beforeAll(async () => {
    for (const name of ALL_NAMES) gz.set(name, await gzipped(name));
    server = await startServer((name, res) => {
      const bytes = gz.get(name.replace(/\.gz$/, ''));
      if (bytes) serveFile(res, bytes);
      else res.writeHead(404).end();
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  /** A cache holding the four good files, `name.gz` replaced by `write`. */
  async function cacheWith(name: string, write: (path: string) => Promise<void>) {
    const dir = await tempFolder('cache');
    for (const other of ALL_NAMES) {
      if (other !== name) await writeFile(join(dir, `${other}.gz`), gz.get(other)!);
    }
    await write(join(dir, `${name}.gz`));
    return dir;
  }

  const cacheFaults = [
    {
      fault: 'cached .gz truncated',
      name: NAMES.testImages,
      write: async (path: string) =>
        writeFile(path, gz.get(NAMES.testImages)!.subarray(0, 1_000_000)),
    },
    {
      fault: 'cached .gz garbage (not gzip)',
      name: NAMES.testLabels,
      write: (path: string) => writeFile(path, garbage(5000, SEED + 1)),
    },
    {
      fault: 'cached .gz oversized (gzip bomb, 1 GiB)',
      name: NAMES.trainLabels,
      write: async (path: string) => writeFile(path, await gzipBomb()),
    },
    {
      fault: 'cached .gz oversized (1 GiB file)',
      name: NAMES.trainLabels,
      write: (path: string) => sparseFile(path, gz.get(NAMES.trainLabels)!, GIB),
    },
  ];

  for (const { fault, name, write } of cacheFaults) {
    it(fault, async () => {
      const cacheDir = await cacheWith(name, write);
      const run = await load({ cacheDir, baseUrl: server.baseUrl });
      const problems = successProblems(run, bounds);
      const result = run.report?.result as { train?: number; test?: number } | null | undefined;
      if (run.report?.ok && (result?.train !== 60_000 || result?.test !== 10_000)) {
        problems.push(`loaded ${result?.train} + ${result?.test} examples, not 60,000 + 10,000`);
      }
      for (const each of ALL_NAMES) {
        const cached = await readFile(join(cacheDir, `${each}.gz`)).catch(() => undefined);
        if (!cached?.equals(gz.get(each)!)) {
          problems.push(`${each}.gz in the cache is ${cached ? 'not the good file' : 'missing'}`);
        }
      }
      const listing = (await snapshot(cacheDir)).map((entry) => entry.split(' ')[0]);
      if (listing.length !== 4) problems.push(`the cache holds ${listing.join(', ')}`);
      outcomes.expectSurvived(
        fault,
        'loadMnist fetches the entry again and succeeds; the cache ends with the four good files only',
        run,
        CAP_MB.dataset,
        problems,
      );
    });
  }
});
