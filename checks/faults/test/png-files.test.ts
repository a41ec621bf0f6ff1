// PNG files given to `mnist-notebook predict`: truncated, garbage, empty, 0 x 0, and oversized
// (a small file declaring a huge image, and a huge file), each through the built CLI.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  cachedFixture,
  cleanup,
  garbage,
  mnistDataDir,
  NAMES,
  SEED,
  sparseFile,
  tempFolder,
} from '../src/fixtures';
import { blankPng, digitPng, zeroSizePng } from '../src/png';
import {
  PREDICT_WALL_MS,
  predictJson,
  refusedImageProblems,
  runPredict,
  saveSeedModel,
} from '../src/predict';
import { CAP_MB, Outcomes, successProblems } from '../src/verdict';

const outcomes = new Outcomes('png-files');
const GIB = 2 ** 30;
/** Over the default --max-pixels limit (4096 x 4096) by far: decoding takes 576 MB as RGBA. */
const HUGE_SIDE = 12_000;

let root: string;
let modelDir: string;
let goodPng: Buffer;

beforeAll(async () => {
  root = await tempFolder('png');
  modelDir = join(root, 'model');
  await saveSeedModel(modelDir);
  const images = await readFile(join(mnistDataDir(), NAMES.testImages));
  goodPng = digitPng(images.subarray(16, 16 + 784)); // test[0], a 7
});

afterAll(async () => {
  outcomes.write();
  await cleanup();
});

const pngFaults: { fault: string; write: (path: string) => Promise<void> }[] = [
  {
    fault: 'PNG truncated (cut in half)',
    write: (path) => writeFile(path, goodPng.subarray(0, goodPng.length >> 1)),
  },
  {
    fault: 'PNG garbage (signature + random bytes)',
    write: (path) =>
      writeFile(path, Buffer.concat([goodPng.subarray(0, 8), garbage(3000, SEED + 6)])),
  },
  {
    fault: 'PNG empty file (0 bytes)',
    write: (path) => writeFile(path, Buffer.alloc(0)),
  },
  {
    fault: 'PNG declaring 0 x 0 pixels',
    write: (path) => writeFile(path, zeroSizePng()),
  },
  {
    fault: `PNG oversized (${HUGE_SIDE} x ${HUGE_SIDE} pixels, valid)`,
    write: async (path) =>
      writeFile(path, await cachedFixture(`blank-${HUGE_SIDE}.png`, () => blankPng(HUGE_SIDE))),
  },
  {
    fault: 'PNG oversized file (28 x 28 + zeros to 1 GiB)',
    write: (path) => sparseFile(path, goodPng, GIB),
  },
];

describe('faulty PNGs given to mnist-notebook predict', () => {
  for (const [i, { fault, write }] of pngFaults.entries()) {
    it(fault, async () => {
      const file = join(root, `digit-${i}.png`);
      await write(file);
      const run = await runPredict(modelDir, file);
      const problems = refusedImageProblems(run, file);
      outcomes.expectSurvived(
        fault,
        'exit 1, DigitImageError naming the file',
        run,
        CAP_MB.cli,
        problems,
      );
    });
  }

  it('a good PNG still predicts with the same model', async () => {
    const file = join(root, 'good.png');
    await writeFile(file, goodPng);
    const run = await runPredict(modelDir, file);
    const problems = successProblems(run, { capMb: CAP_MB.cli, maxWallMs: PREDICT_WALL_MS });
    // One problem either way: stdout not JSON, or no prediction in it.
    const predicted = predictJson(run, [])?.predictions?.[0]?.predicted;
    if (!Number.isInteger(predicted))
      problems.push(`no prediction on stdout: ${run.stdout.slice(0, 200)}`);
    outcomes.expectSurvived(
      'good 28 x 28 PNG after the faults',
      'exit 0 with a prediction',
      run,
      CAP_MB.cli,
      problems,
    );
  });
});
