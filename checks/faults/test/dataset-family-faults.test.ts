// The MNIST family by name (issue 24): a --class-names file that is a device, a FIFO, a huge or
// miscounted file or a folder; another data set's files under --dataset; a decompressed KMNIST
// file, which only its published .gz can vouch for; an unknown --dataset. Each through the built
// CLI in a child, refused before training, bounded in memory and time.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { CHILD, type ChildRun, runChild } from '../src/child';
import { cleanup, mnistDataDir, NAMES, sparseFile, tempFolder } from '../src/fixtures';
import { failureProblems, Outcomes } from '../src/verdict';

const outcomes = new Outcomes('dataset-family-faults');
const WALL_MS = 15_000;
/** A run refused before training: the app, the backend, at most the test split of MNIST. */
const CAP_MB = 250;
const GIB = 2 ** 30;

let root: string;
/** A folder of small valid IDX files (raw): 100 training and 50 test examples of MNIST. */
let smallDir: string;

function cli(args: string[]): Promise<ChildRun> {
  return runChild(CHILD.cli, args, { timeoutMs: WALL_MS, hardRssMb: 1.5 * CAP_MB });
}

/** An IDX file: the magic number, the dims, then `data` (uint8 values). */
function idx(magic: number, dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  for (const [i, dim] of dims.entries()) header.writeUInt32BE(dim, 4 + 4 * i);
  return Buffer.concat([header, data]);
}

/** Problems of a refusal: `error` naming `names`, printed as the CLI does, before training. */
function refusalProblems(run: ChildRun, error: string, names: string, says?: string): string[] {
  const problems = failureProblems(run, {
    error,
    names,
    capMb: CAP_MB,
    maxWallMs: WALL_MS,
    cli: true,
  });
  if (says !== undefined && !run.stderr.includes(says)) {
    problems.push(`the message does not say "${says}": ${run.stderr.slice(0, 300)}`);
  }
  if ((run.stdout + run.stderr).includes('model.fit(')) problems.push('it trained first');
  return problems;
}

beforeAll(async () => {
  root = await tempFolder('dataset-family');
  smallDir = join(root, 'small');
  await mkdir(smallDir);
  const read = (name: string) => readFile(join(mnistDataDir(), name));
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
    [NAMES.trainImages, NAMES.trainLabels, NAMES.testImages, NAMES.testLabels].map(read),
  );
  await writeFile(
    join(smallDir, NAMES.trainImages),
    idx(2051, [100, 28, 28], trainImages!.subarray(16, 16 + 100 * 784)),
  );
  await writeFile(
    join(smallDir, NAMES.trainLabels),
    idx(2049, [100], trainLabels!.subarray(8, 108)),
  );
  await writeFile(
    join(smallDir, NAMES.testImages),
    idx(2051, [50, 28, 28], testImages!.subarray(16, 16 + 50 * 784)),
  );
  await writeFile(join(smallDir, NAMES.testLabels), idx(2049, [50], testLabels!.subarray(8, 58)));
});

afterAll(async () => {
  outcomes.write();
  await cleanup();
});

const RUN = ['--epochs', '1', '--seed', '1'];

describe('--class-names files that cannot be used', () => {
  const faults: {
    fault: string;
    make: () => Promise<string>;
    says: string;
  }[] = [
    {
      fault: '--class-names /dev/zero',
      make: async () => '/dev/zero',
      says: 'is not a regular file (a device, FIFO or socket)',
    },
    {
      fault: '--class-names a FIFO with no writer',
      make: async () => {
        const fifo = join(root, 'names.fifo');
        execFileSync('mkfifo', [fifo]);
        return fifo;
      },
      says: 'is not a regular file (a device, FIFO or socket)',
    },
    {
      fault: '--class-names a 1 GiB file',
      make: async () => {
        const file = join(root, 'huge-names.txt');
        await sparseFile(file, Buffer.from('T-shirt/top\nTrouser\n'), GIB);
        return file;
      },
      says: `${GIB} bytes, more than the 65536 a class-names file may have`,
    },
    {
      fault: '--class-names with 3 names for 10 classes',
      make: async () => {
        const file = join(root, 'three-names.txt');
        await writeFile(file, 'cat\ndog\nbird\n');
        return file;
      },
      says: '3 class names for 10 classes',
    },
    {
      fault: '--class-names a folder',
      make: async () => {
        const folder = join(root, 'names-folder');
        await mkdir(folder);
        return folder;
      },
      says: 'is not a regular file (a folder)',
    },
  ];
  for (const { fault, make, says } of faults) {
    it(fault, async () => {
      const file = await make();
      const run = await cli(['--data-dir', smallDir, '--no-verify', ...RUN, '--class-names', file]);
      outcomes.expectSurvived(
        fault,
        'exit 1 before loading data, ClassNamesError naming the file',
        run,
        CAP_MB,
        refusalProblems(run, 'ClassNamesError', `${file}: `, says),
      );
    });
  }
});

describe('files of the wrong data set', () => {
  it("--dataset fashion-mnist with MNIST's files", async () => {
    const dir = mnistDataDir();
    const run = await cli([
      '--dataset',
      'fashion-mnist',
      '--data-dir',
      dir,
      '--test-limit',
      '10',
      ...RUN,
    ]);
    const file = join(dir, NAMES.trainImages);
    outcomes.expectSurvived(
      "--dataset fashion-mnist --data-dir (MNIST's files)",
      'exit 1, ChecksumError naming the file, both data sets and --dataset mnist',
      run,
      CAP_MB,
      refusalProblems(
        run,
        'ChecksumError',
        `${file} is not Fashion-MNIST's ${NAMES.trainImages} (its SHA-256 is that of MNIST's ${NAMES.trainImages})`,
        'In mnist-notebook, that is --dataset mnist.',
      ),
    );
  });

  it('--dataset kmnist with decompressed files, which only a .gz can vouch for', async () => {
    const run = await cli(['--dataset', 'kmnist', '--data-dir', smallDir, ...RUN]);
    const file = join(smallDir, NAMES.trainImages);
    outcomes.expectSurvived(
      '--dataset kmnist --data-dir (decompressed files)',
      'exit 1, ChecksumError naming the file: keep the .gz as published, or --no-verify',
      run,
      CAP_MB,
      refusalProblems(
        run,
        'ChecksumError',
        `${file}: Kuzushiji-MNIST's ${NAMES.trainImages} can only be verified as the .gz it is published as`,
        'In mnist-notebook, that is --no-verify.',
      ),
    );
  });

  it('--dataset cifar10, a data set the app does not know', async () => {
    const run = await cli(['--dataset', 'cifar10', ...RUN]);
    outcomes.expectSurvived(
      '--dataset cifar10',
      'exit 1 at once, UsageError listing the known data sets',
      run,
      CAP_MB,
      refusalProblems(
        run,
        'UsageError',
        '--dataset cifar10',
        'choose one of mnist (MNIST), fashion-mnist (Fashion-MNIST), kmnist (Kuzushiji-MNIST)',
      ),
    );
  });
});
