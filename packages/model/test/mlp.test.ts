import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { createMnistMlp, InvalidModelOptionError, MNIST_MLP_LAYER_NAMES } from '../src';
import { useCpuBackend } from '@mnist-wasm/test-utils';

useCpuBackend();

function dense(model: tfl.LayersModel, name: string) {
  const [kernel, bias] = model.getLayer(name).getWeights();
  return { kernel: kernel!, bias: bias! };
}

describe('createMnistMlp', () => {
  it('has the notebook model parameter count: 784*128+128 + 128*10+10', () => {
    const model = createMnistMlp();
    const expected = 784 * 128 + 128 + 128 * 10 + 10;
    expect(expected).toBe(101_770);
    expect(model.countParams()).toBe(expected);
    expect(
      model.trainableWeights.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * b!, 1), 0),
    ).toBe(expected);
    model.dispose();
  });

  it('maps [n, 28, 28] images to [n, 10] logits', () => {
    const model = createMnistMlp({ seed: 1 });
    const logits = tf.tidy(() => model.predict(tf.ones([3, 28, 28])) as tf.Tensor);
    expect(logits.shape).toEqual([3, 10]);
    expect(logits.dtype).toBe('float32');
    logits.dispose();
    model.dispose();
  });

  it('stacks Flatten, Dense relu, Dropout 0.2, Dense linear in that order', () => {
    const model = createMnistMlp();
    const layers = model.layers.map((layer) => ({
      name: layer.name,
      kind: layer.getClassName(),
      config: layer.getConfig(),
    }));
    expect(layers.map((l) => l.name)).toEqual(Object.values(MNIST_MLP_LAYER_NAMES));
    expect(layers.map((l) => l.kind)).toEqual(['Flatten', 'Dense', 'Dropout', 'Dense']);
    expect(layers[1]!.config).toMatchObject({ units: 128, activation: 'relu', useBias: true });
    expect(layers[2]!.config).toMatchObject({ rate: 0.2 });
    expect(layers[3]!.config).toMatchObject({ units: 10, activation: 'linear', useBias: true });
    expect(model.inputs[0]!.shape).toEqual([null, 28, 28]);
    model.dispose();
  });

  it('starts with zero biases and glorot-uniform kernels within sqrt(6 / (fanIn + fanOut))', () => {
    const model = createMnistMlp({ seed: 7 });
    for (const [name, fanIn, fanOut] of [
      ['hidden', 784, 128],
      ['logits', 128, 10],
    ] as const) {
      const { kernel, bias } = dense(model, name);
      expect(kernel.shape).toEqual([fanIn, fanOut]);
      expect(Array.from(bias.dataSync())).toEqual(new Array(fanOut).fill(0));
      const values = Array.from(kernel.dataSync());
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const maxAbs = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(maxAbs).toBeLessThanOrEqual(limit);
      // Uniform on [-limit, limit]: the largest of many draws is close to the limit, the mean near 0.
      expect(maxAbs).toBeGreaterThan(0.95 * limit);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      expect(Math.abs(mean)).toBeLessThan(0.05 * limit);
    }
    model.dispose();
  });

  it('gives identical initial weights for one seed and different weights for different seeds', () => {
    const a = createMnistMlp({ seed: 42 });
    const b = createMnistMlp({ seed: 42 });
    const c = createMnistMlp({ seed: 43 });
    const kernels = (m: tfl.LayersModel) =>
      ['hidden', 'logits'].map((name) => Array.from(dense(m, name).kernel.dataSync()));
    const [aHidden, aLogits] = kernels(a);
    const [bHidden, bLogits] = kernels(b);
    const [cHidden, cLogits] = kernels(c);
    expect(bHidden).toEqual(aHidden);
    expect(bLogits).toEqual(aLogits);
    expect(cHidden).not.toEqual(aHidden);
    expect(cLogits).not.toEqual(aLogits);
    // The two layers draw from different streams: their first values differ.
    expect(aLogits!.slice(0, 10)).not.toEqual(aHidden!.slice(0, 10));
    for (const m of [a, b, c]) m.dispose();
  });

  it('honours hiddenUnits, dropoutRate, numClasses and inputShape', () => {
    const model = createMnistMlp({
      hiddenUnits: 16,
      dropoutRate: 0,
      numClasses: 3,
      inputShape: [4, 5],
    });
    expect(model.countParams()).toBe(20 * 16 + 16 + 16 * 3 + 3);
    expect(model.getLayer('dropout').getConfig()).toMatchObject({ rate: 0 });
    expect(model.outputs[0]!.shape).toEqual([null, 3]);
    model.dispose();
  });

  it.each([
    ['hiddenUnits', { hiddenUnits: 0 }],
    ['hiddenUnits', { hiddenUnits: 2.5 }],
    ['dropoutRate', { dropoutRate: 1 }],
    ['dropoutRate', { dropoutRate: -0.1 }],
    ['dropoutRate', { dropoutRate: Number.NaN }],
    ['numClasses', { numClasses: 1 }],
    ['inputShape', { inputShape: [] }],
    ['inputShape', { inputShape: [28, 0] }],
    ['seed', { seed: 0.5 }],
  ])('rejects a bad %s with a typed error naming option and value', (option, options) => {
    let error: unknown;
    try {
      createMnistMlp(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidModelOptionError);
    const typed = error as InvalidModelOptionError;
    expect(typed.option).toBe(option);
    expect(typed.message).toContain(`'${option}'`);
    expect(typed.message).toContain('use ');
    expect(typed.value).toEqual(Object.values(options)[0]);
  });

  it('leaves no tensors behind once disposed', () => {
    const before = tf.memory().numTensors;
    const model = createMnistMlp({ seed: 3 });
    tf.tidy(() => {
      model.predict(tf.zeros([2, 28, 28]));
    });
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
