import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageFormat } from '../src/image-decode';
import type { Prediction, PredictResult } from '../src/predict';
import { drawDigit, encodeImage, filled, grayToRgba, inkBox, type Rgba } from './image-files';
import { notebook } from './run-cli';

/** One MNIST test digit the saved model classifies right, with confidence. */
interface Original {
  index: number;
  label: number;
  pixels: Uint8Array;
}

let root: string;
let modelDir: string;
let originals: Original[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnist-predict-formats-'));
  modelDir = join(root, 'model');
  const trained = await notebook(
    ...['--epochs', '1', '--train-limit', '5000', '--test-limit', '100', '--seed', '3'],
    ...['--quiet', '--save', modelDir],
  );
  expect(trained.code, trained.stderr).toBe(0);
  // Five digits of different classes the model gets right as MNIST has them, most confident first.
  const { predictions } = await predictJson('--index', range(50));
  const chosen = new Map<number, Prediction>();
  for (const p of [...predictions].sort((a, b) => b.probability - a.probability)) {
    if (p.predicted === p.label && p.probability > 0.9 && !chosen.has(p.label)) {
      chosen.set(p.label, p);
    }
  }
  const { test } = await loadMnist({ trainLimit: 1, testLimit: 50 });
  originals = [...chosen.values()].slice(0, 5).map((p) => {
    const index = Number(/\d+/.exec(p.source)![0]);
    return { index, label: p.label!, pixels: test.features.slice(index * 784, (index + 1) * 784) };
  });
  expect(originals).toHaveLength(5);
}, 180_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function range(n: number): string {
  return Array.from({ length: n }, (_, i) => i).join(',');
}

async function predictJson(...args: string[]) {
  const { code, stdout, stderr } = await notebook(
    ...['predict', '--model', modelDir, ...args, '--json'],
  );
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout) as PredictResult;
}

async function save(name: string, format: ImageFormat, image: Rgba): Promise<string> {
  const file = join(root, name);
  await writeFile(file, await encodeImage(format, image));
  return file;
}

/** The size of `digit`'s ink box scaled so its longer side is `side` pixels. */
function fitted(digit: Uint8Array, side: number) {
  const box = inkBox(digit);
  const scale = side / Math.max(box.width, box.height);
  return { width: Math.round(box.width * scale), height: Math.round(box.height * scale) };
}

/** (a) 64x64, white on black, the digit's ink scaled up to fill about 60 px, centred. */
function filling(digit: Uint8Array): Rgba {
  const { width, height } = fitted(digit, 60);
  const at = { x: Math.floor((64 - width) / 2), y: Math.floor((64 - height) / 2) };
  return drawDigit(filled(64, 64, 0), digit, { ...at, width, height });
}

/** Where (b) puts the ink: within x 20-90, y 100-180 of a 200x200 page. */
function offCentreBox(digit: Uint8Array) {
  const { width, height } = fitted(digit, 80);
  const scale = Math.min(1, 70 / width);
  return { x: 20, y: 100, width: Math.round(width * scale), height: Math.round(height * scale) };
}

/** (b) 200x200, dark ink on white, off centre: within x 20-90, y 100-180. */
function offCentre(digit: Uint8Array): Rgba {
  return drawDigit(filled(200, 200, 255), digit, { ...offCentreBox(digit), ink: 20 });
}

const PAGE_FORMATS: ImageFormat[] = ['png', 'jpeg', 'webp', 'bmp', 'gif'];

describe('predict reads PNG, JPEG, WebP, BMP and GIF and lays each out as MNIST does', () => {
  it('predicts each digit as its label in every layout and format, without --invert', async () => {
    const files: { file: string; original: Original; format: ImageFormat; layout: 'a' | 'b' }[] =
      [];
    for (const original of originals) {
      const { index, pixels } = original;
      files.push({
        file: await save(`a-${index}.png`, 'png', filling(pixels)),
        original,
        format: 'png',
        layout: 'a',
      });
      for (const format of PAGE_FORMATS) {
        const file = await save(`b-${index}.${format}`, format, offCentre(pixels));
        files.push({ file, original, format, layout: 'b' });
      }
    }
    const { predictions } = await predictJson(...files.map(({ file }) => file));
    expect(predictions).toHaveLength(files.length);
    const wrong: string[] = [];
    predictions.forEach((prediction, i) => {
      const { file, original, format, layout } = files[i]!;
      expect(prediction).toMatchObject({ source: file, format, preprocessed: true, resized: true });
      if (prediction.predicted !== original.label) {
        wrong.push(`${file}: ${prediction.predicted}, not ${original.label}`);
      }
      const { box } = prediction;
      if (layout === 'a') {
        expect(prediction).toMatchObject({ width: 64, height: 64, inverted: false });
        expect(Math.max(box!.width, box!.height)).toBeGreaterThanOrEqual(56);
      } else {
        expect(prediction).toMatchObject({ width: 200, height: 200, inverted: true });
        // Lossy formats may blur the ink's edge by a pixel or two.
        const drawn = offCentreBox(original.pixels);
        expect(Math.abs(box!.x - drawn.x)).toBeLessThanOrEqual(3);
        expect(Math.abs(box!.y - drawn.y)).toBeLessThanOrEqual(3);
        expect(Math.abs(box!.width - drawn.width)).toBeLessThanOrEqual(6);
        expect(Math.abs(box!.height - drawn.height)).toBeLessThanOrEqual(6);
      }
    });
    expect(wrong).toEqual([]);
  });

  it('says what was done in the text output', async () => {
    const [original] = originals;
    const file = await save('page.jpg', 'jpeg', offCentre(original!.pixels));
    const { code, stdout, stderr } = await notebook('predict', '--model', modelDir, file);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(
      new RegExp(
        `: ${original!.label} \\(probability 0\\.\\d{4}\\)  \\(200x200 JPEG, inverted, ink at \\d+,\\d+ \\d+x\\d+\\)\\n$`,
      ),
    );
  });

  it('keeps the plain path with --no-preprocess: an MNIST-layout 28x28 PNG predicts the same', async () => {
    const files = await Promise.all(
      originals.map(({ index, pixels }) => save(`mnist-${index}.png`, 'png', grayToRgba(pixels))),
    );
    const plain = await predictJson('--no-preprocess', ...files);
    const laidOut = await predictJson(...files);
    const byIndex = await predictJson('--index', originals.map(({ index }) => index).join(','));
    plain.predictions.forEach((prediction, i) => {
      expect(prediction).toMatchObject({
        predicted: originals[i]!.label,
        format: 'png',
        width: 28,
        height: 28,
        resized: false,
        preprocessed: false,
        inverted: false,
      });
      expect(prediction.box).toBeUndefined();
      // The old path gives a 28x28 MNIST image back exactly.
      expect(prediction.probabilities).toEqual(byIndex.predictions[i]!.probabilities);
      expect(laidOut.predictions[i]).toMatchObject({
        predicted: originals[i]!.label,
        preprocessed: true,
        inverted: false,
      });
    });
  });

  it('forces dark-on-light with --invert, preprocessed or not', async () => {
    const [original] = originals;
    const dark = grayToRgba(original!.pixels.map((v) => 255 - v));
    const file = await save('mnist-dark.png', 'png', dark);
    const { predictions } = await predictJson('--invert', file);
    expect(predictions[0]).toMatchObject({ predicted: original!.label, inverted: true });
    const plain = await predictJson('--invert', '--no-preprocess', file);
    expect(plain.predictions[0]).toMatchObject({
      predicted: original!.label,
      inverted: true,
      preprocessed: false,
    });
  });

  it('stops at a blank image with the reason and the file, exit code 1', async () => {
    const file = await save('blank.png', 'png', filled(100, 100, 255));
    const { code, stdout, stderr } = await notebook('predict', '--model', modelDir, file);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`mnist-notebook: ${file}: `);
    expect(stderr).toMatch(/ink/i);
  });

  it('refuses an unknown format and a truncated JPEG, naming the file and the formats read', async () => {
    const tiff = join(root, 'scan.png'); // the name says PNG; the bytes say TIFF
    await writeFile(tiff, Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0, 0, 0]));
    const whole = await readFile(await save('whole.jpg', 'jpeg', offCentre(originals[0]!.pixels)));
    const truncated = join(root, 'truncated.jpg');
    await writeFile(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    for (const [file, message] of [
      [tiff, 'is not an image in a supported format'],
      [truncated, 'is a corrupt JPEG'],
    ] as const) {
      const { code, stdout, stderr } = await notebook('predict', '--model', modelDir, file);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toContain(`mnist-notebook: ${file} ${message}`);
      expect(stderr).toContain('PNG, JPEG, WebP, BMP or GIF');
    }
  });
});
