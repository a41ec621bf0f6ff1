import { useCpuBackend, useTempFolder, weightValues } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { classifierSignature, createMnistCnn } from '../src';
import { loadModel, saveModel } from '../src/node';
import { SMALL_CNN } from './fixtures';

useCpuBackend();

const temp = useTempFolder('mnist-cnn-');

// The convnet saved and loaded: the same weights and predictions.
describe('createMnistCnn', () => {
  it('saves and loads with identical weights and predictions', async () => {
    const dir = temp.next('cnn');
    const model = createMnistCnn({ ...SMALL_CNN, seed: 11 });
    // Random biases too, so nothing round-trips by luck.
    const weights = model
      .getWeights()
      .map((w, i) => tf.randomNormal(w.shape, 0, 0.1, 'float32', 20 + i));
    model.setWeights(weights);
    tf.dispose(weights);
    await saveModel(model, dir);
    const loaded = await loadModel(dir);
    expect(loaded.layers.map((l) => l.getClassName())).toEqual(
      model.layers.map((l) => l.getClassName()),
    );
    expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
    expect(weightValues(loaded)).toEqual(weightValues(model));
    expect(classifierSignature(loaded)).toEqual(classifierSignature(model));
    const predict = (m: tfl.LayersModel) =>
      tf.tidy(() =>
        Array.from(
          (
            m.predict(tf.randomUniform([5, 28, 28, 1], 0, 1, 'float32', 12)) as tf.Tensor
          ).dataSync(),
        ),
      );
    expect(predict(loaded)).toEqual(predict(model));
    model.dispose();
    loaded.dispose();
  });
});
