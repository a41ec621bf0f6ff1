// BMP and JPEG files given to `mnist-notebook predict` (issue 19, items 1, 2, 8, 9): headers that
// declare huge colour tables, many frames or many components; colour tables, RLE8 and 1-bit
// BMPs that must read as their PNG does; bit depths no decoder reads; JPEGs stored turned with an
// EXIF orientation. Each through the built CLI, with a model trained for the purpose, so that a
// wrongly decoded digit shows in what it predicts.

import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  encodeBmp,
  grayPalette,
  jpegWithExif,
  quantize,
  type RgbaPixels,
  storedFor,
  tiffWithOrientation,
} from '@mnist-wasm/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHILD, type ChildRun, describeRun, runChild } from '../src/child';
import { cleanup, mnistDataDir, NAMES, sparseFile, tempFolder } from '../src/fixtures';
import {
  PREDICT_WALL_MS,
  type Prediction,
  predictJson,
  refusedImageProblems,
  runPredict,
} from '../src/predict';
import { CAP_MB, Outcomes, successProblems } from '../src/verdict';

const outcomes = new Outcomes('bmp-jpeg-files');
const MIB = 2 ** 20;
/** The largest image file predict reads (`MAX_IMAGE_BYTES` of the notebook). */
const MAX_FILE = 64 * MIB;
/** How close a prediction's probability must come to the same digit's as a PNG. */
const CLOSE = 0.02;

// jpeg-js, as the notebook depends on it, for writing the JPEGs.
const notebookRequire = createRequire(
  createRequire(import.meta.url).resolve('@mnist-wasm/notebook/package.json'),
);
const { encode: encodeJpeg } = notebookRequire('jpeg-js') as {
  encode: (image: RgbaPixels, quality: number) => { data: Buffer };
};

let root: string;
let modelDir: string;
/** test[0] of MNIST (a 7), white on black, as opaque RGBA. */
let digit: RgbaPixels;
const LABEL = 7;

function predict(file: string, ...flags: string[]): Promise<ChildRun> {
  return runPredict(modelDir, ...flags, file);
}

/** The prediction on a successful run's stdout, or a problem saying why there is none. */
function predictionOf(run: ChildRun, problems: string[]): Prediction | undefined {
  // One problem either way: stdout not JSON, or no prediction in it.
  const prediction = predictJson(run, [])?.predictions?.[0];
  if (prediction && Number.isInteger(prediction.predicted)) return prediction;
  problems.push(`no prediction on stdout: ${run.stdout.slice(0, 200)}`);
  return undefined;
}

/** A PNG of `image`, written by the same library the app reads PNGs with. */
async function png(image: RgbaPixels): Promise<Buffer> {
  const { PNG } = notebookRequire('pngjs') as typeof import('pngjs');
  const out = new PNG({ width: image.width, height: image.height });
  out.data.set(image.data);
  return PNG.sync.write(out);
}

beforeAll(async () => {
  root = await tempFolder('bmp-jpeg');
  modelDir = join(root, 'model');
  const args = ['--epochs', '1', '--train-limit', '5000', '--test-limit', '100'];
  const trained = await runChild(
    CHILD.cli,
    [...args, '--seed', '3', '--quiet', '--save', modelDir],
    { timeoutMs: 60_000, hardRssMb: 1.5 * CAP_MB.cli },
  );
  if (!trained.report?.ok) throw new Error(`cannot train the model:\n${describeRun(trained)}`);
  const images = await readFile(join(mnistDataDir(), NAMES.testImages));
  const gray = images.subarray(16, 16 + 784);
  const data = new Uint8Array(784 * 4);
  gray.forEach((v, i) => {
    data.set([v, v, v, 255], 4 * i);
  });
  digit = { data, width: 28, height: 28 };
}, 90_000);

afterAll(async () => {
  outcomes.write();
  await cleanup();
});

/** SOI, the segments, EOI. */
const jpegOf = (...segments: Buffer[]) =>
  Buffer.concat([Buffer.from([0xff, 0xd8]), ...segments, Buffer.from([0xff, 0xd9])]);

const APP0 = Buffer.from([0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);

/**
 * A baseline frame (SOF0) of `width x height` with `components` components, sampled 1x1 but for
 * the first's `firstSampling` (`0x22`: 4:2:0).
 */
function sof0(width: number, height: number, components: number, firstSampling = 0x11): Buffer {
  const segment = Buffer.alloc(4 + 6 + 3 * components);
  segment.set([0xff, 0xc0], 0);
  segment.writeUInt16BE(segment.length - 2, 2);
  segment[4] = 8;
  segment.writeUInt16BE(height, 5);
  segment.writeUInt16BE(width, 7);
  segment[9] = components;
  for (let i = 0; i < components; i++) {
    segment.set([i + 1, i === 0 ? firstSampling : 0x11, 0], 10 + 3 * i);
  }
  return segment;
}

/** A quantization table (DQT) of ones: with it, a frame without scans decodes to gray. */
const DQT = Buffer.concat([Buffer.from([0xff, 0xdb, 0, 67, 0]), Buffer.alloc(64, 1)]);

/** A 1x1 8-bit BMP declaring `colours` colours, padded with zeros to the largest file read. */
async function colourBomb(path: string, colours: number): Promise<void> {
  const head = encodeBmp(
    { data: new Uint8Array(4), width: 1, height: 1 },
    { bitDepth: 8, colorsUsed: colours },
  );
  await sparseFile(path, head, MAX_FILE);
}

const refused: {
  fault: string;
  name: string;
  write: (path: string) => Promise<void>;
  flags?: string[];
  message: RegExp;
}[] = [
  {
    fault: 'BMP 1x1 8-bit, 0xFFFFFFFF colours, 64 MB',
    name: 'colours-4g.bmp',
    write: (path) => colourBomb(path, 0xffffffff),
    message:
      /is a corrupt BMP \(its header cannot be read: it declares 4294967295 colours, more than the 256/,
  },
  {
    fault: 'BMP 1x1 8-bit, 16M colours, 64 MB',
    name: 'colours-16m.bmp',
    write: (path) => colourBomb(path, 16_777_216),
    message:
      /is a corrupt BMP \(its header cannot be read: it declares 16777216 colours, more than the 256/,
  },
  ...[[], ['--max-pixels', '1000000']].flatMap((flags) => [
    {
      fault: `JPEG of 542 bytes, APP0 + 40 SOF0 of 4096x4096${flags.length ? ' (--max-pixels 1e6)' : ''}`,
      name: `sof-40${flags.length ? '-1mp' : ''}.jpg`,
      write: (path: string) =>
        writeFile(path, jpegOf(APP0, ...Array.from({ length: 40 }, () => sof0(4096, 4096, 1)))),
      flags,
      // Over the limit, the declared size is refused first; within it, the second frame.
      message: flags.length
        ? /declares a 4096x4096 image .* more than the limit of 1,000,000 pixels/
        : /is a corrupt JPEG \(it declares more than one frame/,
    },
    {
      fault: `JPEG of 797 bytes, one 1000x1000 SOF0 of 255 components${flags.length ? ' (--max-pixels 1e6)' : ''}`,
      name: `components-255${flags.length ? '-1mp' : ''}.jpg`,
      write: (path: string) => writeFile(path, jpegOf(APP0, sof0(1000, 1000, 255))),
      flags,
      message: /is a corrupt JPEG \(its frame declares 255 colour components/,
    },
  ]),
  {
    // Within the pixel limit, but 4:4:4: jpeg-js's blocks alone would take about 500 MB.
    fault: 'JPEG header of 4096x4096, 3 components at full resolution (4:4:4)',
    name: 'full-4096.jpg',
    write: (path: string) => writeFile(path, jpegOf(APP0, DQT, sof0(4096, 4096, 3))),
    message:
      /is a 4096x4096 JPEG of 3 components .* more than the \d+ MB that --max-pixels 16777216 allows/,
  },
  ...[0, 7, 64].map((bits) => ({
    fault: `BMP of ${bits} bits a pixel`,
    name: `depth-${bits}.bmp`,
    write: (path: string) =>
      writeFile(path, encodeBmp(digit, { bitDepth: bits, raw: new Uint8Array(28 * 28 * 8) })),
    message: new RegExp(`is an unsupported BMP \\(${bits}-bit, uncompressed\\); save it as`),
  })),
];

describe('BMP and JPEG headers that declare too much, or what no decoder reads', () => {
  for (const { fault, name, write, flags = [], message } of refused) {
    it(fault, async () => {
      const file = join(root, name);
      await write(file);
      const run = await predict(file, ...flags);
      const problems = refusedImageProblems(run, file);
      const said = run.report?.error?.message ?? '';
      if (run.report?.error && !message.test(said)) {
        problems.push(`the message is not ${message}: ${said.slice(0, 300)}`);
      }
      outcomes.expectSurvived(
        fault,
        `exit 1, DigitImageError naming the file: ${message.source.slice(0, 60)}`,
        run,
        CAP_MB.cli,
        problems,
      );
    });
  }
});

describe('the largest JPEG frames the pixel limit lets through', () => {
  const largest: { fault: string; side: number; flags: string[]; capMb: number }[] = [
    // The bound for any fault: the default limit decodes a 4096x4096 photo's layout.
    { fault: 'default --max-pixels', side: 4096, flags: [], capMb: 600 },
    {
      fault: '--max-pixels 4194304',
      side: 2048,
      flags: ['--max-pixels', '4194304'],
      capMb: CAP_MB.cli,
    },
  ];
  for (const { fault, side, flags, capMb } of largest) {
    it(`JPEG header of ${side}x${side} 4:2:0, no scan (${fault})`, async () => {
      const file = join(root, `largest-${side}.jpg`);
      await writeFile(file, jpegOf(APP0, DQT, sof0(side, side, 3, 0x22)));
      const run = await predict(file, '--no-preprocess', ...flags);
      const problems = successProblems(run, { capMb, maxWallMs: PREDICT_WALL_MS });
      predictionOf(run, problems);
      outcomes.expectSurvived(
        `JPEG ${side}x${side} 4:2:0 header (${fault})`,
        'exit 0 with a prediction: the largest frame the limit decodes, within the cap',
        run,
        capMb,
        problems,
      );
    });
  }
});

/** Predicts `image` written as `bytes` and as a PNG; the problems when they differ. */
async function sameAsPng(
  name: string,
  bytes: Uint8Array,
  image: RgbaPixels,
): Promise<{ runs: ChildRun[]; problems: string[]; note: string }> {
  const file = join(root, name);
  const pngFile = join(root, `${name}.png`);
  await writeFile(file, bytes);
  await writeFile(pngFile, await png(image));
  const [run, pngRun] = [await predict(file), await predict(pngFile)];
  const bounds = { capMb: CAP_MB.cli, maxWallMs: PREDICT_WALL_MS };
  const problems = [...successProblems(run, bounds), ...successProblems(pngRun, bounds)];
  const got = predictionOf(run, problems);
  const want = predictionOf(pngRun, problems);
  let note = '';
  if (got && want) {
    note = `${got.predicted} (${got.probability.toFixed(4)}) against the PNG's ${want.predicted} (${want.probability.toFixed(4)})`;
    if (got.predicted !== want.predicted || Math.abs(got.probability - want.probability) > CLOSE) {
      problems.push(`predicted ${note}`);
    }
  }
  return { runs: [run, pngRun], problems, note };
}

describe('BMPs of a digit read as its PNG does', () => {
  const variants: { fault: string; table: number; options: Parameters<typeof encodeBmp>[1] }[] = [
    { fault: 'BMP 8-bit colour table', table: 8, options: { bitDepth: 8 } },
    { fault: 'BMP 4-bit colour table', table: 4, options: { bitDepth: 4 } },
    { fault: 'BMP RLE8', table: 8, options: { bitDepth: 8, compression: 'rle8' } },
    { fault: 'BMP 1-bit', table: 1, options: { bitDepth: 1 } },
  ];
  for (const { fault, table, options } of variants) {
    it(fault, async () => {
      // The digit as the table holds it: 16 grays or black and white lose detail, the same in both.
      const image = quantize(digit, grayPalette(table));
      const name = fault.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-');
      const { runs, problems, note } = await sameAsPng(
        `${name}.bmp`,
        encodeBmp(image, options),
        image,
      );
      outcomes.expectSurvived(
        `${fault}, MNIST test[0]`,
        `exit 0, the PNG's class, probability within ${CLOSE} of the PNG's`,
        runs,
        CAP_MB.cli,
        problems,
        note,
      );
    });
  }
});

describe('JPEGs stored turned, with an EXIF orientation', () => {
  /** The digit upright, on a taller black image: a turn by 90 degrees swaps the sides. */
  function upright(): RgbaPixels {
    const data = new Uint8Array(28 * 40 * 4);
    for (let i = 3; i < data.length; i += 4) data[i] = 255;
    data.set(digit.data, 4 * 28 * 6);
    return { data, width: 28, height: 40 };
  }

  for (const orientation of [6, 3, 8]) {
    it(`orientation ${orientation}`, async () => {
      const stored = storedFor(upright(), orientation);
      const jpeg = jpegWithExif(encodeJpeg(stored, 95).data, tiffWithOrientation(orientation));
      const { runs, problems, note } = await sameAsPng(
        `turned-${orientation}.jpg`,
        jpeg,
        upright(),
      );
      const predicted = runs[0]?.report?.ok ? predictionOf(runs[0], []) : undefined;
      if (predicted && predicted.predicted !== LABEL) {
        problems.push(`predicted ${predicted.predicted}, not the upright digit's ${LABEL}`);
      }
      outcomes.expectSurvived(
        `JPEG of an upright 7 stored turned, orientation ${orientation}`,
        `exit 0, ${LABEL} as the upright PNG, probability within ${CLOSE} of the PNG's`,
        runs,
        CAP_MB.cli,
        problems,
        note,
      );
    });
  }

  it('the same JPEG without its orientation reads otherwise (the test can tell)', async () => {
    const turned = encodeJpeg(storedFor(upright(), 6), 95).data;
    const { problems } = await sameAsPng('turned-no-exif.jpg', turned, upright());
    // Read as stored, the digit lies on its side: the model is far less sure, or sees another.
    expect(problems.join('\n')).toMatch(/^predicted /);
  });
});
