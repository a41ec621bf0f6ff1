// Model folders (issue 19): a manifest naming one weight file 8,000 times, a NaN or an Infinity in
// one weight of a saved MLP or convnet, --save into /proc or under /dev/null, a run refused after
// its --save check, a full disk during a save, and saves racing into one folder while it is read.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { CHILD, type ChildRun, describeRun, runChild } from '../src/child';
import { cleanup, tempFolder } from '../src/fixtures';
import { CAP_MB, failureProblems, Outcomes, PROJECT_ERROR, successProblems } from '../src/verdict';

const outcomes = new Outcomes('model-folder-faults');
const WALL_MS = 20_000;
const bounds = { capMb: CAP_MB.model, maxWallMs: WALL_MS };
const cliBounds = { capMb: CAP_MB.cli, maxWallMs: WALL_MS, cli: true };

function model(op: string, options: object): Promise<ChildRun> {
  return runChild(CHILD.model, [op, JSON.stringify(options)], {
    timeoutMs: WALL_MS,
    hardRssMb: 1.5 * CAP_MB.model,
  });
}

function cli(args: string[]): Promise<ChildRun> {
  return runChild(CHILD.cli, args, { timeoutMs: WALL_MS, hardRssMb: 1.5 * CAP_MB.cli });
}

/** A training run that must stop before training: one epoch on a little data, if it ever ran. */
const RUN = ['--epochs', '1', '--train-limit', '2000', '--test-limit', '100', '--seed', '1'];

let root: string;
/** Saved models to copy: an MLP (seed 1) and a convnet (seed 2). */
let saved: { mlp: string; cnn: string };
/** Logits on the child's fixed inputs of the MLPs of seeds 1 and 3 and the convnet of seed 2. */
let reference: Record<string, number[]>;

function logitsOf(run: ChildRun): number[] | undefined {
  return (run.report?.result as { logits?: number[] } | null | undefined)?.logits;
}

/** Which reference model these logits are exactly, or undefined. */
function whichModel(logits: number[] | undefined): string | undefined {
  const got = JSON.stringify(logits);
  return Object.keys(reference).find((name) => JSON.stringify(reference[name]) === got);
}

beforeAll(async () => {
  root = await tempFolder('model-folder');
  saved = { mlp: join(root, 'saved-mlp'), cnn: join(root, 'saved-cnn') };
  const runs = await Promise.all([
    model('save', { dir: saved.mlp, seed: 1, kind: 'mlp' }),
    model('save', { dir: saved.cnn, seed: 2, kind: 'cnn' }),
    model('logits', { seeds: [1, 3], kind: 'mlp' }),
    model('logits', { seeds: [2], kind: 'cnn' }),
  ]);
  for (const run of runs) {
    if (!run.report?.ok) throw new Error(`cannot prepare the models:\n${describeRun(run)}`);
  }
  const mlp = runs[2]!.report!.result as Record<string, number[]>;
  const cnn = runs[3]!.report!.result as Record<string, number[]>;
  reference = { 'mlp 1': mlp[1]!, 'mlp 3': mlp[3]!, 'cnn 2': cnn[2]! };
});

afterAll(async () => {
  outcomes.write();
  await cleanup();
});

/** A copy of a saved model, in a folder of its own. */
async function copyOf(kind: 'mlp' | 'cnn', name: string): Promise<string> {
  const dir = join(root, name);
  await cp(saved[kind], dir, { recursive: true });
  return dir;
}

describe('loadModel of an edited model folder', () => {
  it('refuses a manifest naming weights.bin 8,000 times, before allocating', async () => {
    const dir = await copyOf('mlp', 'manifest-8000');
    const jsonFile = join(dir, 'model.json');
    const json = JSON.parse(await readFile(jsonFile, 'utf8'));
    const size = (await readFile(join(dir, 'weights.bin'))).length;
    // One spec sized to match 8,000 copies of the file: 3.3 GB if the file were counted each time.
    json.weightsManifest = [
      {
        paths: Array.from({ length: 8000 }, () => 'weights.bin'),
        weights: [{ name: 'dense/kernel', shape: [(8000 * size) / 4], dtype: 'float32' }],
      },
    ];
    await writeFile(jsonFile, JSON.stringify(json));
    const run = await model('load', { dir });
    const problems = failureProblems(run, {
      error: 'SavedModelFormatError',
      names: jsonFile,
      ...bounds,
    });
    outcomes.expectSurvived(
      'model.json lists weights.bin 8,000 times',
      'SavedModelFormatError naming model.json (the file named twice), nothing allocated for it',
      run,
      CAP_MB.model,
      problems,
    );
  });

  // Float indexes into weights.bin. The MLP's first weight is the hidden kernel [784, 128]: index 0
  // is the row of pixel 0, which is 0 in every MNIST image, so the Dense kernel never reads it.
  const poisoned = [
    { kind: 'mlp', index: 0, value: Number.NaN, what: 'NaN in the MLP kernel row of pixel 0' },
    {
      kind: 'mlp',
      index: -1,
      value: Number.POSITIVE_INFINITY,
      what: 'Infinity in the MLP output bias',
    },
    { kind: 'cnn', index: 0, value: Number.NaN, what: 'NaN in the convnet first conv kernel' },
    {
      kind: 'cnn',
      index: -1,
      value: Number.NEGATIVE_INFINITY,
      what: '-Infinity in the convnet output bias',
    },
  ] as const;
  for (const { kind, index, value, what } of poisoned) {
    it(`mnist-notebook predict refuses a model with one ${what}`, async () => {
      const dir = await copyOf(kind, `poisoned-${kind}-${String(value)}`);
      const weightsFile = join(dir, 'weights.bin');
      const bytes = await readFile(weightsFile);
      const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
      floats[index < 0 ? floats.length + index : index] = value;
      await writeFile(weightsFile, bytes);
      const run = await cli(['predict', '--model', dir, '--index', '0', '--index', '1']);
      const problems = failureProblems(run, {
        error: 'NonFiniteWeightError',
        names: dir,
        ...cliBounds,
      });
      if (!run.report?.error?.message.includes(weightsFile)) {
        problems.push('the message does not name the weight file');
      }
      if (/test\[\d+\]: /.test(run.stdout)) {
        problems.push(`it printed a prediction: ${run.stdout.trim().slice(0, 200)}`);
      }
      outcomes.expectSurvived(
        `one ${what}, mnist-notebook predict`,
        'exit 1, NonFiniteWeightError naming the folder, the weight and its file; no prediction printed',
        run,
        CAP_MB.cli,
        problems,
      );
    });
  }
});

describe('saves where no folder can be made', () => {
  for (const dir of ['/proc/m', '/dev/null/m']) {
    it(`mnist-notebook --save ${dir} stops at once, before training`, async () => {
      const run = await cli([...RUN, '--save', dir]);
      const problems = failureProblems(run, {
        error: 'SavedModelWriteError',
        names: dir,
        ...cliBounds,
      });
      if (run.stdout.includes('model.fit('))
        problems.push('it trained before finding the folder bad');
      const save = await model('save', { dir, seed: 1 });
      problems.push(
        ...failureProblems(save, { error: 'SavedModelWriteError', names: dir, ...bounds }).map(
          (p) => `saveModel: ${p}`,
        ),
      );
      if (dir.startsWith('/proc') && existsSync(dir)) problems.push(`${dir} was created`);
      outcomes.expectSurvived(
        `--save ${dir}`,
        'exit 1 before training, SavedModelWriteError naming the folder; saveModel the same',
        [run, save],
        CAP_MB.cli,
        problems,
      );
    });
  }

  it('a run refused after the --save check leaves no folder behind', async () => {
    const parent = join(root, 'refused');
    await mkdir(parent);
    const dir = join(parent, 'NEW', 'a', 'b');
    const run = await cli([...RUN, '--data-dir', '/nonexistent', '--save', dir]);
    const problems = failureProblems(run, {
      error: PROJECT_ERROR,
      names: '/nonexistent',
      ...cliBounds,
    });
    const left = await readdir(parent);
    if (left.length > 0) problems.push(`the refused run left ${left.join(', ')} in ${parent}`);
    outcomes.expectSurvived(
      '--data-dir /nonexistent --save NEW/a/b',
      'exit 1 naming the data folder; nothing created where --save points',
      run,
      CAP_MB.cli,
      problems,
    );
  });
});

describe('a full disk during saveModel', () => {
  let mounted: string | undefined;

  afterAll(() => {
    if (mounted) execFileSync('umount', [mounted]);
  });

  it('fails with SavedModelWriteError, leaving no temporary file and the old model', async () => {
    const disk = join(root, 'disk');
    await mkdir(disk);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', disk], { stdio: 'ignore' });
      mounted = disk;
    } catch {
      // Not allowed to mount (not root, no CAP_SYS_ADMIN): `ulimit -f` stands in for the disk.
    }
    const dir = join(disk, 'model');
    const fresh = join(disk, 'fresh', 'deeper');
    const runs: ChildRun[] = [await model('save', { dir, seed: 1 })];
    const problems = successProblems(runs[0]!, bounds).map((p) => `first save: ${p}`);
    let how: string;
    const full = async (target: string, seed: number) => {
      if (mounted) return model('save', { dir: target, seed });
      return model('save-limited', { dir: target, seed, fileSizeKb: 64 });
    };
    if (mounted) {
      // Fill the disk up to 64 KiB: the save of another MLP (400 KB of weights) cannot fit.
      const { bavail, bsize } = await statfs(disk);
      await writeFile(
        join(disk, 'filler'),
        Buffer.alloc(Math.max(0, bavail * bsize - 65536), 1),
      ).catch(() => undefined);
      how = 'a 1 MB tmpfs, filled up to 64 KiB';
    } else {
      how = '`ulimit -f 64` (no tmpfs could be mounted)';
    }
    for (const target of [dir, fresh]) {
      const run = await full(target, 3);
      runs.push(run);
      problems.push(
        ...failureProblems(run, { error: 'SavedModelWriteError', names: target, ...bounds }).map(
          (p) => `save into ${target}: ${p}`,
        ),
      );
      const inner = run.marks.find((mark) => mark.startsWith('inner-rss '));
      if (inner && Number(inner.split(' ')[1]) >= CAP_MB.model)
        problems.push(`the save took ${inner}`);
    }
    const listing = (await readdir(dir)).sort().join();
    if (listing !== 'model.json,weights.bin') problems.push(`the folder holds ${listing}`);
    if (existsSync(join(disk, 'fresh'))) problems.push('the failed save into a new folder left it');
    const load = await model('load', { dir });
    runs.push(load);
    problems.push(...successProblems(load, bounds).map((p) => `load afterwards: ${p}`));
    if (whichModel(logitsOf(load)) !== 'mlp 1')
      problems.push('the old model no longer loads the same');
    outcomes.expectSurvived(
      'full disk during saveModel',
      'SavedModelWriteError naming the folder; only model.json + weights.bin left, loading as the old model; a new folder removed',
      runs,
      CAP_MB.model,
      problems,
      how,
    );
  });
});

describe('saves racing into one folder', () => {
  it('two processes saving an MLP and a convnet in a loop while a third loads', async () => {
    const dir = join(root, 'race');
    const first = await model('save', { dir, seed: 1, kind: 'mlp' });
    const [mlp, cnn, reader] = await Promise.all([
      model('save-loop', { dir, seeds: [1], kind: 'mlp', maxSaves: 40 }),
      model('save-loop', { dir, seeds: [2], kind: 'cnn', maxSaves: 40 }),
      model('load-loop', { dir, maxLoads: 400, maxMs: 6000 }),
    ]);
    const problems = [
      ...successProblems(first, bounds).map((p) => `first save: ${p}`),
      ...successProblems(mlp, bounds).map((p) => `MLP saves: ${p}`),
      ...successProblems(cnn, bounds).map((p) => `convnet saves: ${p}`),
      ...successProblems(reader, bounds).map((p) => `reader: ${p}`),
    ];
    const result = reader.report?.result as
      | {
          loads: number;
          errorCount: number;
          errors: string[];
          seen: { logits: number[]; count: number }[];
        }
      | undefined;
    const seen = (result?.seen ?? []).map(
      ({ logits, count }) => `${whichModel(logits) ?? 'neither'} x${count}`,
    );
    if (result && result.errorCount > 0) {
      problems.push(
        `${result.errorCount} of ${result.loads} loads failed: ${result.errors.join(' | ')}`,
      );
    }
    if (seen.some((s) => s.startsWith('neither')))
      problems.push(`a load mixed two models: ${seen.join(', ')}`);
    const listing = (await readdir(dir)).sort().join();
    if (listing !== 'model.json,weights.bin') problems.push(`the folder holds ${listing}`);
    const last = await model('load', { dir });
    const final = whichModel(logitsOf(last));
    if (final !== 'mlp 1' && final !== 'cnn 2')
      problems.push('the final folder is not one model whole');
    outcomes.expectSurvived(
      'two processes saving into one folder, one loading',
      'every save succeeds; every load succeeds as the MLP or the convnet exactly; the folder ends as one model',
      [first, mlp, cnn, reader, last],
      CAP_MB.model,
      problems,
      `${result?.loads ?? 0} loads: ${seen.join(', ')}; final ${final ?? '?'}`,
    );
  });

  it('three saves racing in one process leave one model whole', async () => {
    const runs: ChildRun[] = [];
    const problems: string[] = [];
    const models = [
      { kind: 'mlp', seed: 1 },
      { kind: 'cnn', seed: 2 },
      { kind: 'mlp', seed: 3 },
    ];
    for (let round = 0; round < 3; round++) {
      const dir = join(root, `race-in-process-${round}`);
      const run = await model('save-race', { dir, models });
      runs.push(run);
      problems.push(...successProblems(run, bounds).map((p) => `round ${round}: ${p}`));
      if (whichModel(logitsOf(run)) === undefined)
        problems.push(`round ${round}: the folder mixes models`);
      const listing = (await readdir(dir)).sort().join();
      if (listing !== 'model.json,weights.bin')
        problems.push(`round ${round}: the folder holds ${listing}`);
    }
    outcomes.expectSurvived(
      'three saveModel calls racing in one process',
      'all succeed; the folder loads as one of the three models exactly, holding only its two files',
      runs,
      CAP_MB.model,
      problems,
    );
  });
});
