import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initWasmBackend } from '@mnist-wasm/backend';
import { DATASETS } from '@mnist-wasm/dataset';
import { createMnistMlp, setClassifierMetadata } from '@mnist-wasm/model';
import { saveModel } from '@mnist-wasm/model/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictResult } from '../src/predict';
import { notebook } from './run-cli';

const FASHION = DATASETS['fashion-mnist'].classNames;
const DIGITS = DATASETS.mnist.classNames;
/** MNIST's test[0] to test[2]. */
const LABELS = [7, 2, 1];

let root: string;
/** Saved as a model trained on Fashion-MNIST: its names and data set in model.json. */
let fashionDir: string;
/** Saved with Fashion-MNIST's names but no data set, as one trained on own files is. */
let namedDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnist-predict-true-labels-'));
  await initWasmBackend();
  const model = createMnistMlp({ seed: 1 });
  namedDir = join(root, 'named');
  setClassifierMetadata(model, { classNames: FASHION });
  await saveModel(model, namedDir);
  fashionDir = join(root, 'fashion');
  setClassifierMetadata(model, { classNames: FASHION, dataset: 'fashion-mnist' });
  await saveModel(model, fashionDir);
  model.dispose();
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('predict --index with a model of other classes than the test set', () => {
  it("names a Fashion-MNIST model's predictions by its classes and MNIST's labels by the digits", async () => {
    const json = await notebook(
      ...['predict', '--model', fashionDir, '--dataset', 'mnist', '--index', '0,1,2', '--json'],
    );
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as PredictResult;
    expect(result.classNames).toEqual(FASHION);
    expect(result.predictions.map(({ label, labelName }) => [label, labelName])).toEqual(
      LABELS.map((label) => [label, DIGITS[label]]),
    );
    for (const { predicted, className } of result.predictions) {
      expect(className).toBe(FASHION[predicted]);
    }
    const text = await notebook(
      ...['predict', '--model', fashionDir, '--dataset', 'mnist', '--index', '0'],
    );
    expect(text.code, text.stderr).toBe(0);
    const [, predicted, truth] = /^test\[0\]: (.+) \(probability [\d.]+\), true label (.+)$/.exec(
      text.stdout.trim(),
    )!;
    expect(FASHION).toContain(predicted);
    expect(truth).toBe('7');
  });

  it("names MNIST's labels by the digits for a model of named classes and no data set", async () => {
    const json = await notebook('predict', '--model', namedDir, '--index', '0,1,2', '--json');
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as PredictResult;
    expect(result.classNames).toEqual(FASHION);
    expect(result.predictions.map(({ labelName }) => labelName)).toEqual(['7', '2', '1']);
    expect(FASHION).toContain(result.predictions[0]!.className);
  });
});
