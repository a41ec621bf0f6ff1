// The files a page's picker hands to Load, checked by checkModelFiles before TF.js reads them: a
// .json that is not JSON, model.json without its weights, an image as weights.bin, a 1 GiB .json,
// two renamed copies of weights.bin; and the browser's renamed `weights (1).bin`, accepted.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { CHILD, type ChildRun, describeRun, runChild } from '../src/child';
import { cleanup, sparseFile, tempFolder } from '../src/fixtures';
import { blankPng } from '../src/png';
import { CAP_MB, failureProblems, Outcomes, successProblems } from '../src/verdict';

const outcomes = new Outcomes('picked-model-files');
const WALL_MS = 20_000;
const bounds = { capMb: CAP_MB.model, maxWallMs: WALL_MS };
const GIB = 2 ** 30;

function check(files: { path: string; name: string }[]): Promise<ChildRun> {
  return runChild(CHILD.model, ['check-picked', JSON.stringify({ files })], {
    timeoutMs: WALL_MS,
    hardRssMb: 1.5 * CAP_MB.model,
  });
}

let root: string;
let json: { path: string; name: string };
let weights: string;

beforeAll(async () => {
  root = await tempFolder('picked');
  const dir = join(root, 'model');
  const run = await runChild(CHILD.model, ['save', JSON.stringify({ dir, seed: 1 })], {
    timeoutMs: WALL_MS,
  });
  if (!run.report?.ok) throw new Error(`cannot save the good model:\n${describeRun(run)}`);
  json = { path: join(dir, 'model.json'), name: 'model.json' };
  weights = join(dir, 'weights.bin');
});

afterAll(async () => {
  outcomes.write();
  await cleanup();
});

/** A file of `bytes` in the temp folder, picked as `name`. */
async function file(name: string, bytes: Uint8Array): Promise<{ path: string; name: string }> {
  const path = join(root, `${Math.random().toString(36).slice(2)}-${name}`);
  await writeFile(path, bytes);
  return { path, name };
}

describe('files picked to load a model', () => {
  it('a .json that is not JSON: SavedModelFormatError naming it', async () => {
    const broken = await file('model.json', Buffer.from('{"modelTopology": {'));
    const run = await check([broken]);
    outcomes.expectSurvived(
      'picked model.json not JSON',
      'SavedModelFormatError naming model.json',
      run,
      bounds.capMb,
      failureProblems(run, { error: 'SavedModelFormatError', names: 'model.json', ...bounds }),
    );
  });

  it('model.json without its weights: SavedModelNotFoundError naming weights.bin', async () => {
    const run = await check([json]);
    outcomes.expectSurvived(
      'picked model.json without weights.bin',
      'SavedModelNotFoundError naming weights.bin',
      run,
      bounds.capMb,
      failureProblems(run, { error: 'SavedModelNotFoundError', names: 'weights.bin', ...bounds }),
    );
  });

  it('a PNG as weights.bin: SavedModelFormatError naming it', async () => {
    const png = await file('weights.bin', await blankPng(28));
    const run = await check([json, png]);
    outcomes.expectSurvived(
      'picked PNG as weights.bin',
      'SavedModelFormatError naming weights.bin',
      run,
      bounds.capMb,
      failureProblems(run, { error: 'SavedModelFormatError', names: 'weights.bin', ...bounds }),
    );
  });

  it('a 1 GiB .json: refused by its size, not read', async () => {
    const path = join(root, 'huge.json');
    await sparseFile(path, await readFile(json.path), GIB);
    const run = await check([{ path, name: 'model.json' }]);
    outcomes.expectSurvived(
      'picked model.json of 1 GiB',
      'SavedModelFormatError naming model.json',
      run,
      bounds.capMb,
      failureProblems(run, { error: 'SavedModelFormatError', names: 'model.json', ...bounds }),
    );
  });

  it('two renamed copies of weights.bin: SavedModelFormatError naming both', async () => {
    const run = await check([
      json,
      { path: weights, name: 'weights (1).bin' },
      { path: weights, name: 'weights (2).bin' },
    ]);
    outcomes.expectSurvived(
      'picked weights (1).bin and weights (2).bin',
      'SavedModelFormatError naming both',
      run,
      bounds.capMb,
      failureProblems(run, {
        error: 'SavedModelFormatError',
        names: 'weights (1).bin and weights (2).bin',
        ...bounds,
      }),
    );
  });

  it("the browser's renamed weights (1).bin alone: accepted as weights.bin", async () => {
    const run = await check([json, { path: weights, name: 'weights (1).bin' }]);
    const problems = successProblems(run, bounds);
    const result = run.report?.result as { weights?: string[] } | undefined;
    if (run.report?.ok && result?.weights?.[0] !== 'weights (1).bin') {
      problems.push(`checked weights ${JSON.stringify(result?.weights)}`);
    }
    outcomes.expectSurvived(
      'picked weights (1).bin for weights.bin',
      'accepted',
      run,
      bounds.capMb,
      problems,
    );
  });
});
