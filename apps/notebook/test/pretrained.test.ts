import { loadMnistSplit } from '@mnist-wasm/dataset/node';
import { predict } from '@mnist-wasm/evaluator';
import { loadPretrainedMnist } from '@mnist-wasm/model';
import { useCpuBackend } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { PRETRAINED_MODEL_NAME, type PredictResult } from '../src/predict';
import { notebook } from './run-cli';

useCpuBackend();

/** MNIST test images 0..99. */
const FIRST = 100;

describe('the pretrained convnet', () => {
  it('reads MNIST test digits 0..99 at 0.97 or better, leaving no tensor behind', async () => {
    const test = await loadMnistSplit('test', { limit: FIRST });
    const before = tf.memory().numTensors;
    const model = await loadPretrainedMnist();
    const results = await predict(model, test);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const right = results.filter(({ predicted }, i) => predicted === test.labels[i]).length;
    expect(right / FIRST).toBeGreaterThanOrEqual(0.97);
  });
});

describe('mnist-notebook predict without --model', () => {
  it('classifies with the pretrained convnet and says so', async () => {
    const json = await notebook('predict', '--index', '0,1,2,3,4,5,6,7,8,9', '--json');
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as PredictResult;
    expect(result.model).toBe(PRETRAINED_MODEL_NAME);
    expect(result.pretrained).toBe(true);
    expect(result.numClasses).toBe(10);
    const right = result.predictions.filter(({ digit, label }) => digit === label);
    expect(right.length).toBeGreaterThanOrEqual(9);

    const text = await notebook('predict', '--index', '0');
    expect(text.code, text.stderr).toBe(0);
    const [first, second] = text.stdout.trim().split('\n');
    expect(first).toBe(`model: ${PRETRAINED_MODEL_NAME}`);
    expect(second).toMatch(/^test\[0\]: 7 \(probability (0\.9\d+|1\.0000)\), true label 7$/);
  }, 60_000);

  it('names the default model in --help', async () => {
    const { code, stdout } = await notebook('predict', '--help');
    expect(code).toBe(0);
    expect(stdout.replace(/\s+/g, ' ')).toContain('default: the pretrained convnet');
  });
});
