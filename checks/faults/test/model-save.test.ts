// Saving a model: SIGKILL at seeded points of a save, a model with NaN weights, a destination
// that cannot be written, and the notebook's --save to such a destination.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { CHILD, type ChildOptions, type ChildRun, describeRun, runChild } from '../src/child';
import { cleanup, SEED, seededDelays, tempFolder } from '../src/fixtures';
import { CAP_MB, failureProblems, Outcomes, successProblems } from '../src/verdict';

const outcomes = new Outcomes('model-save');
const WALL_MS = 20_000;
const bounds = { capMb: CAP_MB.model, maxWallMs: WALL_MS };

function model(op: string, options: object, extra: Partial<ChildOptions> = {}): Promise<ChildRun> {
  return runChild(CHILD.model, [op, JSON.stringify(options)], {
    timeoutMs: WALL_MS,
    hardRssMb: 1.5 * CAP_MB.model,
    ...extra,
  });
}

let root: string;
/** Logits of the fresh models of seeds 1, 2 and 3 on the child's fixed inputs. */
let logits: Record<string, number[]>;

/** Which seed's model a `load` run predicts as (exactly), or undefined. */
function loadedSeed(run: ChildRun): string | undefined {
  const got = JSON.stringify((run.report?.result as { logits?: number[] } | undefined)?.logits);
  return Object.keys(logits).find((seed) => JSON.stringify(logits[seed]) === got);
}

beforeAll(async () => {
  root = await tempFolder('save');
  const run = await model('logits', { seeds: [1, 2, 3] });
  if (!run.report?.ok) throw new Error(`cannot compute reference logits:\n${describeRun(run)}`);
  logits = run.report.result as Record<string, number[]>;
});

afterAll(async () => {
  outcomes.write();
  await cleanup();
});

describe('SIGKILL during saveModel', () => {
  it('leaves a folder that loads as the old or a new model after each of 5 seeded kills', async () => {
    const dir = join(root, 'killed');
    const runs: ChildRun[] = [];
    const problems: string[] = [];
    const first = await model('save', { dir, seed: 1 });
    runs.push(first);
    problems.push(...successProblems(first, bounds).map((p) => `first save: ${p}`));

    const delays = seededDelays(SEED, 5, 0, 250);
    const seen: string[] = [];
    for (const [i, delayMs] of delays.entries()) {
      // Saves the models of seeds 2 and 3 in turn, about 5 ms each, until killed.
      const killed = await model(
        'save-loop',
        { dir, seeds: [2, 3] },
        { killAfter: { mark: 'ready', delayMs } },
      );
      runs.push(killed);
      const saves = killed.marks.filter((mark) => mark.startsWith('saved')).length;
      if (killed.signal !== 'SIGKILL' || killed.killedAfterMs === undefined) {
        problems.push(`kill ${i}: the child was not killed inside its save loop`);
      }
      const load = await model('load', { dir });
      runs.push(load);
      const seed = loadedSeed(load);
      if (!load.report?.ok) {
        const error = load.report?.error;
        problems.push(
          `after the kill at ${delayMs} ms (${saves} saves done) the folder does not load: ` +
            `${error?.name}: ${error?.message}`,
        );
      } else if (seed === undefined) {
        problems.push(`after the kill at ${delayMs} ms the model predicts as none of those saved`);
      }
      problems.push(...successProblems(load, bounds).map((p) => `load after kill ${i}: ${p}`));
      const temps = (await readdir(dir)).filter((name) => name.endsWith('.tmp')).length;
      seen.push(`${delayMs} ms: ${saves} saves, seed ${seed ?? '?'}, ${temps} tmp`);
    }

    // The next save tidies up what the killed saves left, and the folder holds one model.
    const again = await model('save', { dir, seed: 1 });
    runs.push(again);
    problems.push(...successProblems(again, bounds).map((p) => `save after the kills: ${p}`));
    const listing = (await readdir(dir)).sort();
    if (listing.join() !== 'model.json,weights.bin') {
      problems.push(`after a good save the folder holds ${listing.join(', ')}`);
    }
    const final = await model('load', { dir });
    runs.push(final);
    if (loadedSeed(final) !== '1') problems.push('the last save (seed 1) does not load back');

    outcomes.expectSurvived(
      'SIGKILL during saveModel, 5 seeded points',
      'after each kill the folder loads and predicts exactly as the old or a new model; the next save leaves only model.json + weights.bin',
      runs,
      CAP_MB.model,
      problems,
      seen.join('; '),
    );
  });
});

describe('saves that must be refused', () => {
  it('refuses a model with NaN weights, keeping the model in the folder', async () => {
    const dir = join(root, 'nan');
    const good = await model('save', { dir, seed: 1 });
    const refused = await model('save-nan', { dir, seed: 2 });
    const problems = [
      ...successProblems(good, bounds).map((p) => `first save: ${p}`),
      ...failureProblems(refused, {
        error: 'NonFiniteWeightError',
        names: dir,
        ...bounds,
      }),
    ];
    const load = await model('load', { dir });
    problems.push(...successProblems(load, bounds).map((p) => `load afterwards: ${p}`));
    if (loadedSeed(load) !== '1') problems.push('the folder no longer predicts as the old model');
    const listing = (await readdir(dir)).sort().join();
    if (listing !== 'model.json,weights.bin') problems.push(`the folder holds ${listing}`);
    outcomes.expectSurvived(
      'saveModel of a model with NaN weights',
      'NonFiniteWeightError naming the folder; the old model still loads and predicts the same',
      [refused, load],
      CAP_MB.model,
      problems,
    );
  });

  it('refuses a folder under a file with SavedModelWriteError', async () => {
    const file = join(root, 'plain-file');
    await writeFile(file, 'not a folder\n');
    const dir = join(file, 'model');
    const run = await model('save', { dir, seed: 1 });
    const problems = failureProblems(run, { error: 'SavedModelWriteError', names: dir, ...bounds });
    if ((await readFile(file, 'utf8')) !== 'not a folder\n') problems.push('the file was changed');
    outcomes.expectSurvived(
      'saveModel into a folder under a file',
      'SavedModelWriteError naming the folder; the file is untouched',
      run,
      CAP_MB.model,
      problems,
    );
  });

  it('mnist-notebook --save to a folder under a file stops before training', async () => {
    const file = join(root, 'another-file');
    await writeFile(file, 'not a folder\n');
    const dir = join(file, 'model');
    const run = await runChild(
      CHILD.cli,
      [
        '--epochs',
        '1',
        '--train-limit',
        '2000',
        '--test-limit',
        '100',
        '--seed',
        '1',
        '--save',
        dir,
      ],
      { timeoutMs: 60_000, hardRssMb: 1.5 * CAP_MB.cli },
    );
    const problems = failureProblems(run, {
      error: 'SavedModelWriteError',
      names: dir,
      capMb: CAP_MB.cli,
      maxWallMs: 60_000,
      cli: true,
    });
    if (run.stdout.includes('model.fit('))
      problems.push('it trained before finding the folder bad');
    outcomes.expectSurvived(
      'mnist-notebook --save DIR under a file',
      'exit 1 before training (no model.fit cell), SavedModelWriteError naming the folder',
      run,
      CAP_MB.cli,
      problems,
    );
  });
});
