import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { useCpuBackend, weightValues } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { classifierSignature, createMnistCnn, loadPretrainedMnist, PRETRAINED_MNIST } from '../src';
import { loadModel } from '../src/node';

useCpuBackend();

const committed = fileURLToPath(new URL('../pretrained', import.meta.url));

// The digit accuracy of the pretrained model (MNIST test digits 0..99 and all 10,000) is checked
// in apps/notebook's tests, which have the MNIST files.
describe('loadPretrainedMnist', () => {
  it('builds the convnet: [batch, 28, 28, 1] pixels in, 10 class scores out', async () => {
    const model = await loadPretrainedMnist();
    try {
      expect(classifierSignature(model)).toEqual({ inputShape: [28, 28, 1], numClasses: 10 });
      const cnn = createMnistCnn();
      expect(model.layers.map((l) => l.getClassName())).toEqual(
        cnn.layers.map((l) => l.getClassName()),
      );
      cnn.dispose();
    } finally {
      model.dispose();
    }
  });

  it('holds the weights committed in packages/model/pretrained (the generated file is current)', async () => {
    const model = await loadPretrainedMnist();
    const saved = await loadModel(committed);
    try {
      expect(weightValues(model)).toEqual(weightValues(saved));
    } finally {
      model.dispose();
      saved.dispose();
    }
    const output = await readFile(`${committed}/training-output.txt`, 'utf8');
    expect(output).toContain(PRETRAINED_MNIST.trainingOutput);
    expect(PRETRAINED_MNIST.trainingOutput).toMatch(/accuracy 0\.99\d\d/);
  });

  it('gives finite probabilities and leaves no tensor behind once disposed', async () => {
    const before = tf.memory().numTensors;
    const model = await loadPretrainedMnist();
    const scores = tf.tidy(() =>
      tf.softmax(model.predict(tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 3)) as tf.Tensor),
    );
    const values = await scores.data();
    scores.dispose();
    model.dispose();
    expect(values).toHaveLength(40);
    expect(Array.from(values).every(Number.isFinite)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('builds a new model per call, so disposing one leaves the other usable', async () => {
    const a = await loadPretrainedMnist();
    const b = await loadPretrainedMnist();
    a.dispose();
    const out = tf.tidy(() => (b.predict(tf.zeros([1, 28, 28, 1])) as tf.Tensor).shape);
    b.dispose();
    expect(out).toEqual([1, 10]);
  });
});
