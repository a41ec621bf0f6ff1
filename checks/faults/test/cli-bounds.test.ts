// Bounds of the notebook CLI (issue 19, items 5, 6, 13, 17): sweep workers by cores and memory,
// the batch size each model can train with, --report onto special files, and messages that speak
// of the app's flags and name the file at fault, each through the built CLI in a child.
import { execFileSync } from 'node:child_process';
import { lstat, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { CHILD, type ChildRun, runChild } from '../src/child';
import { cleanup, gzipBomb, mnistDataDir, NAMES, tempFolder } from '../src/fixtures';
import { failureProblems, Outcomes, successProblems } from '../src/verdict';

const outcomes = new Outcomes('cli-bounds');
const WALL_MS = 30_000;
/** A run refused before it loads data takes about 85 MB. */
const REFUSED_CAP_MB = 200;
/** Training runs (the convnet at its bound, a small sweep) and the gzip bomb's bounded inflate. */
const RUN_CAP_MB = 400;
const TINY = ['--train-limit', '100', '--test-limit', '50', '--epochs', '1', '--seed', '1'];

let root: string;
/** A data folder with 100 training examples and test files that hold none. */
let emptyTestDir: string;

function cli(args: string[]): Promise<ChildRun> {
  return runChild(CHILD.cli, args, { timeoutMs: WALL_MS, hardRssMb: 1.5 * RUN_CAP_MB });
}

/** What the CLI printed, both streams. */
const output = (run: ChildRun) => run.stdout + run.stderr;

/**
 * The problems of a run that must end in `error` naming `names` and print it as the CLI does,
 * within the wall bound and `capMb` (a refusal before any data loads, unless told).
 */
function refusalProblems(
  run: ChildRun,
  error: string,
  names: string,
  capMb = REFUSED_CAP_MB,
): string[] {
  return failureProblems(run, { error, names, capMb, maxWallMs: WALL_MS, cli: true });
}

/** Problems of a run that must not have trained. */
function trainedProblems(run: ChildRun): string[] {
  return output(run).includes('model.fit(') ? ['it trained before refusing'] : [];
}

/** An IDX file: the magic number, the dims, then `data` (uint8 values). */
function idx(magic: number, dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  for (const [i, dim] of dims.entries()) header.writeUInt32BE(dim, 4 + 4 * i);
  return Buffer.concat([header, data]);
}

beforeAll(async () => {
  root = await tempFolder('cli-bounds');
  emptyTestDir = join(root, 'empty-test');
  await mkdir(emptyTestDir);
  const images = await readFile(join(mnistDataDir(), NAMES.trainImages));
  const labels = await readFile(join(mnistDataDir(), NAMES.trainLabels));
  await writeFile(
    join(emptyTestDir, NAMES.trainImages),
    idx(2051, [100, 28, 28], images.subarray(16, 16 + 100 * 784)),
  );
  await writeFile(
    join(emptyTestDir, NAMES.trainLabels),
    idx(2049, [100], labels.subarray(8, 8 + 100)),
  );
  await writeFile(join(emptyTestDir, NAMES.testImages), idx(2051, [0, 28, 28], new Uint8Array()));
  await writeFile(join(emptyTestDir, NAMES.testLabels), idx(2049, [0], new Uint8Array()));
});

afterAll(async () => {
  outcomes.write();
  await cleanup();
});

describe('sweep --workers is bounded by cores and memory (item 5)', () => {
  it('sweep --workers 64 is refused, or (on 64+ cores and memory for them) runs its two seeds on two workers', async () => {
    const run = await cli(['sweep', '--workers', '64', '--seeds', '1-2', ...TINY.slice(0, 6)]);
    const cores = availableParallelism();
    if (cores < 64) {
      const problems = refusalProblems(run, 'UsageError', '--workers 64');
      if (!run.stderr.includes(`give --workers ${cores} or less`)) {
        problems.push(`the message does not give the bound (${cores} cores)`);
      }
      if (run.stderr.includes('seed 1:')) problems.push('a run started before the refusal');
      outcomes.expectSurvived(
        'sweep --workers 64 on a machine with fewer cores',
        'exit 1 before any worker runs, UsageError naming --workers and the bound',
        run,
        REFUSED_CAP_MB,
        problems,
        `${cores} cores`,
      );
    } else if (run.code === 1) {
      // 64 workers on 64 cores may still be more than free memory holds.
      const problems = refusalProblems(run, 'UsageError', '--workers 64 needs about');
      outcomes.expectSurvived(
        'sweep --workers 64 on 64+ cores with less free memory',
        'exit 1 before any worker runs, UsageError naming --workers and the memory bound',
        run,
        REFUSED_CAP_MB,
        problems,
        `${cores} cores`,
      );
    } else {
      const problems = successProblems(run, { capMb: RUN_CAP_MB, maxWallMs: WALL_MS });
      if (!run.stdout.includes('2 runs on 2 workers')) problems.push('not 2 runs on 2 workers');
      outcomes.expectSurvived(
        'sweep --workers 64 --seeds 1-2 on 64+ cores',
        'exit 0, two workers, under the cap',
        run,
        RUN_CAP_MB,
        problems,
        `${cores} cores`,
      );
    }
  });

  it('sweep --model cnn --batch-size 65536 is refused before a worker starts', async () => {
    const run = await cli([
      'sweep',
      '--workers',
      '1',
      '--seeds',
      '1-2',
      '--model',
      'cnn',
      '--batch-size',
      '65536',
      ...TINY.slice(0, 6),
    ]);
    const problems = refusalProblems(
      run,
      'UsageError',
      '--batch-size 65536 is more than --model cnn can train with',
    );
    if (run.stderr.includes('sweep: seed')) problems.push('a worker ran the seed');
    outcomes.expectSurvived(
      'sweep --model cnn --batch-size 65536',
      'exit 1 before any worker, UsageError naming --batch-size',
      run,
      REFUSED_CAP_MB,
      problems,
    );
  });
});

describe('the batch size is bounded per model (item 6)', () => {
  let bound: number | undefined;

  it('--model cnn --batch-size 65536 is refused before loading data, naming the bound', async () => {
    const run = await cli(['--model', 'cnn', '--batch-size', '65536', ...TINY]);
    const problems = refusalProblems(
      run,
      'UsageError',
      '--batch-size 65536 is more than --model cnn can train with',
    );
    const found = /at most ([\d,]+) .*give --batch-size (\d+) or less/.exec(run.stderr);
    bound = found ? Number(found[2]) : undefined;
    if (bound === undefined || Number(found![1]!.replaceAll(',', '')) !== bound) {
      problems.push('the message does not give the bound as a --batch-size to use');
    }
    if (output(run).includes('mnist.load_data()')) problems.push('it loaded data first');
    problems.push(...trainedProblems(run));
    outcomes.expectSurvived(
      '--model cnn --batch-size 65536',
      'exit 1 before loading data, UsageError naming --batch-size and the bound',
      run,
      REFUSED_CAP_MB,
      problems,
      `bound ${bound}`,
    );
  });

  it('the convnet trains two steps at its bound within the cap', async () => {
    const size = bound ?? 1;
    const run = await cli([
      '--model',
      'cnn',
      '--batch-size',
      String(size),
      '--train-limit',
      String(2 * size),
      '--test-limit',
      '100',
      '--epochs',
      '1',
      '--seed',
      '1',
      '--json',
    ]);
    const problems = successProblems(run, { capMb: RUN_CAP_MB, maxWallMs: WALL_MS });
    if (bound === undefined) problems.push('no bound from the refusal above');
    if (bound !== undefined && !(bound > 100 && bound < 65_536)) {
      problems.push(`the convnet's bound ${bound} is not well below the MLP's`);
    }
    let steps: unknown;
    try {
      steps = JSON.parse(run.stdout).history?.loss?.length;
    } catch {
      steps = undefined;
    }
    if (steps !== 1) problems.push(`no one-epoch history on stdout: ${run.stdout.slice(0, 200)}`);
    outcomes.expectSurvived(
      `--model cnn --batch-size ${size} (its bound), 2 steps`,
      'exit 0, peak RSS under the cap',
      run,
      RUN_CAP_MB,
      problems,
    );
  });
});

describe('--report never replaces a special file (item 13)', () => {
  /** What identifies a node: its type, device number and inode. */
  const identity = async (path: string) => {
    const stats = await lstat(path);
    return `${stats.mode} ${stats.rdev} ${stats.ino}`;
  };

  /** Each `make` puts the node at the path it is given, and returns the path to write over. */
  const targets: { fault: string; make: (path: string) => Promise<string>; type: string }[] = [
    {
      fault: '--report onto a character device (1,3, as /dev/null)',
      // mknod needs root (as in CI); without it, /dev/null itself, which a user cannot replace.
      make: async (path) => {
        if (process.getuid?.() !== 0) return '/dev/null';
        execFileSync('mknod', [path, 'c', '1', '3']);
        return path;
      },
      type: 'a character device',
    },
    {
      fault: '--report onto a FIFO',
      make: async (path) => {
        execFileSync('mkfifo', [path]);
        return path;
      },
      type: 'a FIFO (named pipe)',
    },
    {
      fault: '--report onto a folder',
      make: async (path) => {
        await mkdir(path);
        return path;
      },
      type: 'a folder',
    },
    {
      fault: '--report onto a symlink to /dev/null',
      make: async (path) => {
        await symlink('/dev/null', path);
        return path;
      },
      type: 'a symbolic link to a character device (/dev/null)',
    },
  ];

  for (const [i, { fault, make, type }] of targets.entries()) {
    it(fault, async () => {
      const path = await make(join(root, `report-${i}.html`));
      const before = await identity(path);
      const devNull = await identity('/dev/null');
      const run = await cli([...TINY, '--report', path]);
      const problems = refusalProblems(
        run,
        'ReportTargetError',
        `--report ${path}: ${type} stands there`,
      );
      problems.push(...trainedProblems(run));
      if ((await identity(path)) !== before) problems.push('the node was replaced or changed');
      if ((await identity('/dev/null')) !== devNull) problems.push('/dev/null was changed');
      outcomes.expectSurvived(
        fault,
        'exit 1 before training, ReportTargetError naming the path; the node intact',
        run,
        REFUSED_CAP_MB,
        problems,
      );
    });
  }
});

describe('messages name the file and speak of flags (item 17)', () => {
  it('IDX test files that hold 0 images are refused before training, naming the file', async () => {
    const run = await cli(['--data-dir', emptyTestDir, '--no-verify', '--epochs', '1']);
    const file = join(emptyTestDir, NAMES.testImages);
    const problems = refusalProblems(
      run,
      'MnistContentError',
      `${file}: the header declares 0 images`,
    );
    problems.push(...trainedProblems(run));
    outcomes.expectSurvived(
      'IDX test files holding 0 images',
      'exit 1 before training, MnistContentError naming the file',
      run,
      REFUSED_CAP_MB,
      problems,
    );
  });

  it('a missing --data-dir names the flag, not the library option', async () => {
    const dir = join(root, 'no-such-folder');
    const run = await cli(['--data-dir', dir, ...TINY]);
    const problems = refusalProblems(run, 'DataFileNotFoundError', join(dir, NAMES.trainImages));
    if (!run.stderr.includes(`--data-dir ${dir}; leave --data-dir out`)) {
      problems.push('the message does not name --data-dir');
    }
    if (run.stderr.includes('{ dir }')) problems.push('the message speaks of { dir }');
    outcomes.expectSurvived(
      'a missing --data-dir',
      'exit 1, DataFileNotFoundError naming the file and --data-dir, no "{ dir }"',
      run,
      REFUSED_CAP_MB,
      problems,
    );
  });

  it('a gzip bomb under --no-verify says what the user can do, not maxBytes', async () => {
    const dir = join(root, 'bomb');
    await mkdir(dir);
    const bomb = join(dir, `${NAMES.trainImages}.gz`);
    await writeFile(bomb, await gzipBomb());
    for (const name of [NAMES.trainLabels, NAMES.testImages, NAMES.testLabels]) {
      await symlink(join(mnistDataDir(), name), join(dir, name));
    }
    const run = await cli(['--data-dir', dir, '--no-verify', ...TINY]);
    const problems = refusalProblems(run, 'GzipError', bomb, RUN_CAP_MB);
    if (!run.stderr.includes('(--no-verify), and no flag raises that')) {
      problems.push('the message does not say what bounds the file in the app');
    }
    if (run.stderr.includes('maxBytes')) problems.push('the message speaks of maxBytes');
    problems.push(...trainedProblems(run));
    outcomes.expectSurvived(
      'gzip bomb (1 GiB) in --data-dir with --no-verify',
      'exit 1, GzipError naming the file and --no-verify, no "maxBytes"',
      run,
      RUN_CAP_MB,
      problems,
    );
  });
});
