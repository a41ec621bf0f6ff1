import { useTempFolder } from '@mnist-wasm/test-utils';
import { describe, expect, it } from 'vitest';
import type { PredictResult } from '../src/predict';
import { notebook } from './run-cli';

const temp = useTempFolder('mnist-cnn-');

describe('mnist-notebook --model cnn', () => {
  it('trains, evaluates and saves the convnet, and predict classifies with it', async () => {
    const modelDir = temp.next('model');
    const run = await notebook(
      ...['--model', 'cnn', '--epochs', '1', '--train-limit', '3000', '--test-limit', '300'],
      ...['--seed', '2', '--json', '--save', modelDir],
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.model).toBe('cnn');
    expect(result.step).toBe('plan');
    expect(result.backend).toMatchObject({ backend: 'wasm', simd: true });
    expect(result.history.loss).toHaveLength(1);
    expect(result.test.count).toBe(300);
    // One epoch of 3,000 images: far above chance (0.1), and the loss fell from the untrained one.
    expect(result.test.accuracy).toBeGreaterThan(0.8);
    expect(result.test.loss).toBeLessThan(result.untrainedLoss);
    expect(result.savedTo).toBe(modelDir);
    expect(run.stderr).toContain('conv1 (Conv2D)');
    expect(run.stderr).toContain('pool2 (MaxPooling2D)');

    const predicted = await notebook('predict', '--model', modelDir, '--index', '0,1,2', '--json');
    expect(predicted.code, predicted.stderr).toBe(0);
    const { predictions } = JSON.parse(predicted.stdout) as PredictResult;
    expect(predictions).toHaveLength(3);
    for (const prediction of predictions) {
      expect(prediction.probabilities).toHaveLength(10);
      expect(prediction.predicted).toBe(
        prediction.probabilities.indexOf(Math.max(...prediction.probabilities)),
      );
    }
    // Test images 0-2 are a 7, a 2 and a 1, which even a one-epoch convnet gets right.
    expect(predictions.map((p) => p.predicted)).toEqual(predictions.map((p) => p.label));
  }, 180_000);

  it('rejects an unknown model, naming the choices', async () => {
    const { code, stderr, stdout } = await notebook('--model', 'resnet');
    expect(code).not.toBe(0);
    expect(stderr).toContain('--model');
    expect(stderr).toContain('mlp');
    expect(stderr).toContain('cnn');
    expect(stdout).toBe('');
  });
});
