// The files of a saved model loadModel reads: truncated, garbage, oversized and endless
// model.json and weights.bin, and weights that load but hold NaN (the CLI's predict must refuse).
import { execFileSync } from 'node:child_process';
import { cp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { CHILD, type ChildRun, describeRun, runChild } from '../src/child';
import { cleanup, garbage, SEED, snapshot, sparseFile, tempFolder } from '../src/fixtures';
import { CAP_MB, failureProblems, Outcomes, PROJECT_ERROR, successProblems } from '../src/verdict';

const outcomes = new Outcomes('model-files');
const WALL_MS = 20_000;
const bounds = { capMb: CAP_MB.model, maxWallMs: WALL_MS };
const GIB = 2 ** 30;

function model(op: string, options: object): Promise<ChildRun> {
  return runChild(CHILD.model, [op, JSON.stringify(options)], {
    timeoutMs: WALL_MS,
    hardRssMb: 1.5 * CAP_MB.model,
  });
}

let good: string;
let goodLogits: number[];

beforeAll(async () => {
  good = join(await tempFolder('model-good'), 'model');
  const run = await model('save', { dir: good, seed: 1 });
  if (!run.report?.ok) throw new Error(`cannot save the good model:\n${describeRun(run)}`);
  goodLogits = (run.report.result as { logits: number[] }).logits;
});

afterAll(async () => {
  outcomes.write();
  await cleanup();
});

/** A copy of the good model folder with `file` replaced by what `write` makes. */
async function brokenCopy(
  file: 'model.json' | 'weights.bin',
  write: (path: string) => Promise<void>,
) {
  const dir = join(await tempFolder('model-bad'), 'model');
  await cp(good, dir, { recursive: true });
  const path = join(dir, file);
  await rm(path);
  await write(path);
  return { dir, path };
}

const fileFaults: {
  fault: string;
  file: 'model.json' | 'weights.bin';
  write: (path: string, original: Buffer) => Promise<void>;
}[] = [
  {
    fault: 'model.json truncated',
    file: 'model.json',
    write: (path, original) => writeFile(path, original.subarray(0, original.length >> 1)),
  },
  {
    fault: 'model.json garbage (2,000 random bytes)',
    file: 'model.json',
    write: (path) => writeFile(path, garbage(2000, SEED + 4)),
  },
  {
    fault: 'model.json oversized (1 GiB)',
    file: 'model.json',
    write: (path, original) => sparseFile(path, original, GIB),
  },
  {
    fault: 'model.json endless (link to /dev/zero)',
    file: 'model.json',
    write: (path) => symlink('/dev/zero', path),
  },
  {
    fault: 'model.json stalled (a FIFO nobody writes to)',
    file: 'model.json',
    write: async (path) => {
      execFileSync('mkfifo', [path]);
    },
  },
  {
    fault: 'weights.bin truncated',
    file: 'weights.bin',
    write: (path, original) => writeFile(path, original.subarray(0, original.length >> 1)),
  },
  {
    fault: 'weights.bin garbage (1,000 random bytes)',
    file: 'weights.bin',
    write: (path) => writeFile(path, garbage(1000, SEED + 5)),
  },
  {
    fault: 'weights.bin oversized (1 GiB)',
    file: 'weights.bin',
    write: (path, original) => sparseFile(path, original, GIB),
  },
  {
    fault: 'weights.bin endless (link to /dev/zero)',
    file: 'weights.bin',
    write: (path) => symlink('/dev/zero', path),
  },
];

describe('faulty files in a model folder (loadModel)', () => {
  for (const { fault, file, write } of fileFaults) {
    it(fault, async () => {
      const original = await readFile(join(good, file));
      const { dir, path } = await brokenCopy(file, (p) => write(p, original));
      const before = await snapshot(dir);
      const run = await model('load', { dir });
      const problems = failureProblems(run, {
        error: 'SavedModelFormatError',
        names: path,
        ...bounds,
      });
      const after = await snapshot(dir);
      if (after.join('\n') !== before.join('\n')) {
        problems.push(`the folder changed: ${before.join(', ')} -> ${after.join(', ')}`);
      }
      outcomes.expectSurvived(
        fault,
        'SavedModelFormatError naming the file; the folder unchanged',
        run,
        CAP_MB.model,
        problems,
      );
    });
  }

  it('weights.bin of NaN (right length): predict refuses', async () => {
    const original = await readFile(join(good, 'weights.bin'));
    const { dir } = await brokenCopy('weights.bin', (p) =>
      writeFile(p, Buffer.alloc(original.length, 0xff)),
    );
    const run = await runChild(CHILD.cli, ['predict', '--model', dir, '--index', '0'], {
      timeoutMs: WALL_MS,
      hardRssMb: 1.5 * CAP_MB.cli,
    });
    const problems = failureProblems(run, {
      error: PROJECT_ERROR,
      names: dir,
      capMb: CAP_MB.cli,
      maxWallMs: WALL_MS,
      cli: true,
    });
    if (/test\[0\]: /.test(run.stdout))
      problems.push(`it printed a prediction: ${run.stdout.trim()}`);
    outcomes.expectSurvived(
      'weights.bin all NaN, mnist-notebook predict',
      'exit 1, a project error naming the model folder, no prediction printed',
      run,
      CAP_MB.cli,
      problems,
    );
  });

  it('the good model folder still loads and predicts the same', async () => {
    const run = await model('load', { dir: good });
    const problems = successProblems(run, bounds);
    const logits = (run.report?.result as { logits?: number[] } | null | undefined)?.logits;
    if (JSON.stringify(logits) !== JSON.stringify(goodLogits)) {
      problems.push('it predicts differently from the model saved');
    }
    outcomes.expectSurvived(
      'good model folder after the faults',
      'loadModel succeeds and predicts exactly as the saved model',
      run,
      CAP_MB.model,
      problems,
    );
  });
});
