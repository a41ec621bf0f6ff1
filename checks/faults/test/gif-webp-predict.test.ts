// GIFs, WebPs, polarity, class counts and special files given to `mnist-notebook predict`
// (issue 19, items 3, 10, 11 and the FIFO of 12), each through the built CLI in a child process.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initWasmBackend } from '@mnist-wasm/backend';
import { createMnistMlp } from '@mnist-wasm/model';
import { saveModel } from '@mnist-wasm/model/node';
import { animatedWebp, boldDigit } from '@mnist-wasm/test-utils';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { ChildRun } from '../src/child';
import { cleanup, mnistDataDir, NAMES, tempFolder } from '../src/fixtures';
import { gifScreen, grayGif, manyFramesGif, shortLzwGif, withoutTrailer } from '../src/gif';
import { digitPng } from '../src/png';
import {
  PREDICT_WALL_MS,
  predictJson,
  refusedImageProblems,
  runPredict,
  saveSeedModel,
} from '../src/predict';
import { CAP_MB, Outcomes, successProblems } from '../src/verdict';

const outcomes = new Outcomes('gif-webp-predict');
/** Just under the 64 MiB an image file may hold. */
const BIG_GIF_BYTES = 64 * 2 ** 20 - 16;

let root: string;
let modelDir: string;
let elevenDir: string;
/** test[0] of MNIST, a 7: 28x28 gray, white on black. */
let digit: Uint8Array;

/** A must-fail run's problems, plus: nothing on stdout (no warning, no half result). */
function refusedProblems(run: ChildRun, file: string): string[] {
  const problems = refusedImageProblems(run, file);
  if (run.stdout !== '') problems.push(`stdout is not empty: ${run.stdout.slice(0, 200)}`);
  return problems;
}

beforeAll(async () => {
  root = await tempFolder('gif-webp');
  modelDir = join(root, 'model');
  await saveSeedModel(modelDir);
  // An 11-unit model: made here, since the model child saves only the project's 10-class models.
  await initWasmBackend();
  const eleven = createMnistMlp({ seed: 1, numClasses: 11 });
  elevenDir = join(root, 'eleven-classes');
  await saveModel(eleven, elevenDir);
  eleven.dispose();
  const images = await readFile(join(mnistDataDir(), NAMES.testImages));
  digit = images.subarray(16, 16 + 784);
});

afterAll(async () => {
  outcomes.write();
  await cleanup();
});

describe('GIFs given to mnist-notebook predict', () => {
  it('a 64 MB GIF of a 1x1 screen and 5.6 M empty frames is refused fast', async () => {
    const file = join(root, 'empty-frames.gif');
    const { gif, frames } = manyFramesGif(gifScreen(1, 1), BIG_GIF_BYTES);
    await writeFile(file, gif);
    const run = await runPredict(modelDir, file);
    const problems = refusedProblems(run, file);
    // The first frame is empty too: its image data fills none of its one pixel.
    if (!run.report?.error?.message.includes('is a corrupt GIF')) {
      problems.push(`not refused as a corrupt GIF: ${run.report?.error?.message.slice(0, 200)}`);
    }
    outcomes.expectSurvived(
      `GIF of 64 MB: 1x1 screen, ${(frames / 1e6).toFixed(1)} M empty frames`,
      'exit 1, DigitImageError (corrupt GIF: its first frame is empty), nothing on stdout',
      run,
      CAP_MB.cli,
      problems,
    );
  });

  it('a 64 MB GIF of a digit followed by 5.6 M empty frames predicts as the digit alone', async () => {
    const still = grayGif(digit, 28, 28);
    const stillFile = join(root, 'digit.gif');
    const manyFile = join(root, 'digit-many-frames.gif');
    await writeFile(stillFile, still);
    const { gif, frames } = manyFramesGif(withoutTrailer(still), BIG_GIF_BYTES);
    await writeFile(manyFile, gif);
    const run = await runPredict(modelDir, manyFile, stillFile);
    const problems = successProblems(run, { capMb: CAP_MB.cli, maxWallMs: PREDICT_WALL_MS });
    const result = predictJson(run, problems);
    if (result) {
      const [many, one] = result.predictions;
      if (
        !many ||
        !one ||
        JSON.stringify(many.probabilities) !== JSON.stringify(one.probabilities)
      ) {
        problems.push(
          `the ${frames}-frame GIF does not predict as its first frame alone: ${JSON.stringify([many?.predicted, one?.predicted])}`,
        );
      }
    }
    outcomes.expectSurvived(
      `GIF of 64 MB: 28x28 digit, then ${(frames / 1e6).toFixed(1)} M empty frames`,
      'exit 0, the same probabilities as the one-frame GIF of the digit',
      run,
      CAP_MB.cli,
      problems,
    );
  });

  const cutGifs: { fault: string; write: () => Buffer }[] = [
    {
      fault: 'GIF whose LZW data ends after 20 of its 28 rows',
      write: () => shortLzwGif(digit, 28, 28, 20),
    },
    {
      fault: 'GIF cut inside its image data (file truncated)',
      write: () => {
        const gif = grayGif(digit, 28, 28);
        return gif.subarray(0, gif.length - 400);
      },
    },
  ];
  for (const [i, { fault, write }] of cutGifs.entries()) {
    it(fault, async () => {
      const file = join(root, `cut-${i}.gif`);
      await writeFile(file, write());
      const run = await runPredict(modelDir, file);
      const problems = refusedProblems(run, file);
      if (!run.report?.error?.message.includes(`${file} is a corrupt GIF`)) {
        problems.push(`not refused as a corrupt GIF: ${run.report?.error?.message.slice(0, 200)}`);
      }
      if (/warning/i.test(run.stdout + run.stderr)) problems.push('a decoder warning was printed');
      outcomes.expectSurvived(
        fault,
        'exit 1, DigitImageError (corrupt GIF), stdout empty, no warning printed',
        run,
        CAP_MB.cli,
        problems,
      );
    });
  }
});

describe('WebPs, polarity and class counts in mnist-notebook predict', () => {
  it('an animated WebP is refused as animated, not as corrupt', async () => {
    const file = join(root, 'animated.webp');
    await writeFile(file, animatedWebp(3));
    const run = await runPredict(modelDir, file);
    const problems = refusedProblems(run, file);
    const message = run.report?.error?.message ?? '';
    if (!message.includes('is an animated WebP') || !message.includes('Export one frame as PNG')) {
      problems.push(`the message does not say animated / export one frame: ${message}`);
    }
    if (message.includes('corrupt')) problems.push('called corrupt');
    outcomes.expectSurvived(
      'WebP animated (3 frames, VP8X + ANIM + ANMF)',
      "exit 1, DigitImageError 'animated WebP ... Export one frame as PNG', not 'corrupt'",
      run,
      CAP_MB.cli,
      problems,
    );
  });

  it('a bold digit covering over half its canvas predicts the same as its inverse', async () => {
    const { gray, width, height, inkShare } = boldDigit(digit);
    const lightFile = join(root, 'bold-light-on-dark.png');
    const darkFile = join(root, 'bold-dark-on-light.png');
    await writeFile(lightFile, digitPng(gray, width, height));
    await writeFile(
      darkFile,
      digitPng(
        gray.map((v) => 255 - v),
        width,
        height,
      ),
    );
    const run = await runPredict(modelDir, lightFile, darkFile);
    const problems = successProblems(run, { capMb: CAP_MB.cli, maxWallMs: PREDICT_WALL_MS });
    if (!(inkShare > 0.5)) problems.push(`the fixture's ink covers only ${inkShare} of it`);
    const result = predictJson(run, problems);
    if (result) {
      const [light, dark] = result.predictions;
      if (light?.inverted !== false || dark?.inverted !== true) {
        problems.push(
          `polarity read backwards: inverted ${light?.inverted} (light on dark), ${dark?.inverted} (dark on light)`,
        );
      }
      const largest = Math.max(
        ...(light?.probabilities ?? []).map((p, k) => Math.abs(p - (dark?.probabilities[k] ?? 0))),
      );
      if (light?.predicted !== dark?.predicted || !(largest < 0.01)) {
        problems.push(
          `different predictions: ${light?.predicted} and ${dark?.predicted} (probabilities up to ${largest} apart)`,
        );
      }
    }
    outcomes.expectSurvived(
      `bold digit, ink over ${Math.round(inkShare * 100)}% of ${width}x${height}, both polarities`,
      'exit 0, light-on-dark not inverted, dark-on-light inverted, same prediction',
      run,
      CAP_MB.cli,
      problems,
    );
  });

  it('an 11-unit model does not call class 10 a digit', async () => {
    const file = join(root, 'digit.png');
    await writeFile(file, digitPng(digit, 28, 28));
    const run = await runPredict(elevenDir, file);
    const problems = successProblems(run, { capMb: CAP_MB.cli, maxWallMs: PREDICT_WALL_MS });
    const result = predictJson(run, problems);
    if (result) {
      const [prediction] = result.predictions;
      if (result.numClasses !== 11) problems.push(`numClasses is ${result.numClasses}, not 11`);
      if (prediction?.probabilities.length !== 11) problems.push('not 11 probabilities');
      if (prediction && 'digit' in prediction) {
        problems.push(`a digit is given: ${prediction.digit}`);
      }
    }
    outcomes.expectSurvived(
      '11-unit saved model',
      'exit 0, --json has numClasses 11 and class indices, no digit',
      run,
      CAP_MB.cli,
      problems,
    );
  });
});

describe('special files given to mnist-notebook predict', () => {
  const specials: { fault: string; make: () => Promise<string> }[] = [
    {
      fault: 'FIFO with no writer',
      make: async () => {
        const fifo = join(root, 'digit-pipe.png');
        execFileSync('mkfifo', [fifo]);
        return fifo;
      },
    },
    { fault: '/dev/zero', make: async () => '/dev/zero' },
    {
      fault: 'folder named like an image',
      make: async () => {
        const folder = join(root, 'folder.png');
        await mkdir(folder);
        return folder;
      },
    },
  ];
  for (const { fault, make } of specials) {
    it(fault, async () => {
      const file = await make();
      const run = await runPredict(modelDir, file);
      const problems = refusedProblems(run, file);
      if (!run.report?.error?.message.includes(`${file} is not a regular file`)) {
        problems.push(`not refused as a special file: ${run.report?.error?.message.slice(0, 200)}`);
      }
      outcomes.expectSurvived(
        `predict on a ${fault}`,
        'exit 1, DigitImageError naming it (not a regular file) at once',
        run,
        CAP_MB.cli,
        problems,
      );
    });
  }
});
