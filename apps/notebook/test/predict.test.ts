import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initWasmBackend } from '@mnist-wasm/backend';
import { normalize } from '@mnist-wasm/dataset';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { loadModel } from '@mnist-wasm/model/node';
import * as tf from '@tensorflow/tfjs-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictResult } from '../src/predict';
import { notebook } from './run-cli';

let root: string;
let modelDir: string;
let digit: Uint8Array; // test image 0, 28 x 28 uint8, white on black
let digitLabel: number;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnist-predict-'));
  modelDir = join(root, 'model');
  const { code, stdout, stderr } = await notebook(
    ...['--epochs', '1', '--train-limit', '5000', '--test-limit', '100', '--seed', '3'],
    ...['--json', '--save', modelDir],
  );
  expect(code, stderr).toBe(0);
  expect(JSON.parse(stdout).savedTo).toBe(modelDir);
  expect(stderr).toContain(`saved to ${modelDir}`);
  const { test } = await loadMnist({ trainLimit: 1, testLimit: 1 });
  digit = test.features.slice(0, 784);
  digitLabel = test.labels[0]!;
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function predictJson(...args: string[]) {
  const { code, stdout, stderr } = await notebook(
    'predict',
    '--model',
    modelDir,
    ...args,
    '--json',
  );
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout) as PredictResult;
}

/** Writes `pixels` (one gray byte per pixel) as a PNG of the given colour type, each pixel `scale` times. */
async function writePng(
  name: string,
  pixels: Uint8Array,
  { scale = 1, colorType = 0 as 0 | 2 | 6, gray = (v: number) => v, alpha = () => 255 } = {},
) {
  const size = 28 * scale;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = pixels[Math.floor(y / scale) * 28 + Math.floor(x / scale)]!;
      png.data.set([gray(v), gray(v), gray(v), alpha()], 4 * (y * size + x));
    }
  }
  const file = join(root, name);
  await writeFile(file, PNG.sync.write(png, { colorType, inputHasAlpha: true }));
  return file;
}

describe('mnist-notebook --save and predict', () => {
  it('saves model.json and weights.bin', async () => {
    expect((await readdir(modelDir)).sort()).toEqual(['model.json', 'weights.bin']);
  });

  it('classifies test image 0 as its label, as the saved model does in-process', async () => {
    const { predictions } = await predictJson('--index', '0');
    expect(predictions).toHaveLength(1);
    const [prediction] = predictions;
    expect(prediction).toMatchObject({ source: 'test[0]', label: digitLabel, predicted: 7 });
    expect(digitLabel).toBe(7);

    await initWasmBackend();
    const model = await loadModel(modelDir);
    const expected = tf.tidy(() =>
      Array.from(
        tf
          .softmax(model.predict(tf.tensor3d(normalize(digit), [1, 28, 28])) as tf.Tensor2D)
          .dataSync(),
      ),
    );
    model.dispose();
    prediction!.probabilities.forEach((p, i) => {
      expect(p).toBeCloseTo(expected[i]!, 6);
    });
    expect(prediction!.probability).toBe(Math.max(...prediction!.probabilities));
  });

  it('prints one line per image and takes the leading -- that pnpm start forwards', async () => {
    const { code, stdout, stderr } = await notebook(
      ...['--', 'predict', '--model', modelDir, '--index', '0,1', '--index', '2'],
    );
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines.map((line) => line.split(':')[0])).toEqual(['test[0]', 'test[1]', 'test[2]']);
    expect(lines[0]).toMatch(/^test\[0\]: 7 \(probability 0\.\d{4}\), true label 7$/);
  });

  it('gives a grayscale 28x28 PNG of a test image exactly the prediction of --index with --no-preprocess', async () => {
    const file = await writePng('digit.png', digit);
    const { predictions } = await predictJson('--index', '0', '--no-preprocess', file);
    const [byIndex, byPng] = predictions;
    expect(byPng).toMatchObject({
      source: file,
      format: 'png',
      width: 28,
      height: 28,
      resized: false,
      preprocessed: false,
      inverted: false,
    });
    expect(byPng!.probabilities).toEqual(byIndex!.probabilities);
  });

  it('converts an RGB 56x56 PNG to grayscale and resizes it to 28x28 with --no-preprocess', async () => {
    const file = await writePng('digit-rgb-56.png', digit, { scale: 2, colorType: 2 });
    const { predictions } = await predictJson('--index', '0', '--no-preprocess', file);
    const [byIndex, byPng] = predictions;
    expect(byPng).toMatchObject({ width: 56, height: 56, resized: true, predicted: 7 });
    // Each 2x2 block holds one source pixel, so the area average restores it exactly.
    expect(byPng!.probabilities).toEqual(byIndex!.probabilities);
  });

  it('reads a dark digit on a light background with --invert', async () => {
    const file = await writePng('digit-dark.png', digit, { colorType: 6, gray: (v) => 255 - v });
    const plain = await predictJson('--index', '0');
    const inverted = await predictJson('--invert', '--no-preprocess', file);
    expect(inverted.predictions[0]!.probabilities).toEqual(plain.predictions[0]!.probabilities);
    // Preprocessed, the polarity is detected; --invert only forces it.
    for (const args of [[file], ['--invert', file]]) {
      const { predictions } = await predictJson(...args);
      expect(predictions[0]).toMatchObject({ predicted: 7, preprocessed: true, inverted: true });
    }
  });

  it('names an image that is missing, in no supported format, or corrupt', async () => {
    const missing = join(root, 'missing.png');
    const text = join(root, 'text.png');
    await writeFile(text, 'not an image\n');
    const truncated = join(root, 'truncated.png');
    const whole = await readFile(await writePng('whole.png', digit));
    await writeFile(truncated, whole.subarray(0, whole.length / 2));
    for (const [file, message] of [
      [missing, 'does not exist'],
      [text, 'is not an image in a supported format'],
      [truncated, 'is a corrupt PNG'],
    ] as const) {
      const { code, stdout, stderr } = await notebook('predict', '--model', modelDir, file);
      expect(code).not.toBe(0);
      expect(stdout).toBe('');
      expect(stderr).toContain(`${file} ${message}`);
    }
  });

  it('names a missing model folder and a missing weights file', async () => {
    const nowhere = join(root, 'no-model');
    const missing = await notebook('predict', '--model', nowhere, '--index', '0');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain(`No saved model at ${nowhere}`);

    const partial = join(root, 'partial');
    await notebook(
      '--epochs',
      '1',
      '--train-limit',
      '64',
      '--test-limit',
      '10',
      '--quiet',
      '--save',
      partial,
    );
    await rm(join(partial, 'weights.bin'));
    const broken = await notebook('predict', '--model', partial, '--index', '0');
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toContain(`${join(partial, 'weights.bin')} does not exist`);
  }, 60_000);

  it('asks for images when given none, and rejects an index past the test set', async () => {
    const none = await notebook('predict', '--model', modelDir);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('--index');
    const past = await notebook('predict', '--model', modelDir, '--index', '10000');
    expect(past.code).not.toBe(0);
    expect(past.stderr).toContain('--index 10000 is out of range');
  });
});
