import { expectNoNewTensors, useCpuBackend } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { createMnistMlp, MNIST_MLP_LAYER_NAMES, ModelError, ModelOptionError } from '../src';

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
    expect(error).toBeInstanceOf(ModelOptionError);
    const typed = error as ModelOptionError;
    expect(typed.caller).toBe('createMnistMlp');
    expect(typed.option).toBe(option);
    expect(typed.message).toContain(`createMnistMlp: ${option} is `);
    expect(typed.message).toContain('; use ');
    expect(typed.value).toEqual(Object.values(options)[0]);
  });

  it('says what was given and what to use, as a ModelError', () => {
    const create = () => createMnistMlp({ hiddenUnits: -1 });
    expect(create).toThrow(ModelError);
    expect(create).toThrow(
      'createMnistMlp: hiddenUnits is -1; use a positive integer such as 128.',
    );
    expect(() => createMnistMlp({ inputShape: [28, 0] })).toThrow(
      'createMnistMlp: inputShape is [28, 0]; use a non-empty array of positive integers such as [28, 28].',
    );
  });

  it('builds a [784] model without Flatten: Dense straight from the flat input', () => {
    expectNoNewTensors(() => {
      const model = createMnistMlp({ inputShape: [784], seed: 1 });
      expect(model.layers.map((layer) => layer.name)).toEqual(['hidden', 'dropout', 'logits']);
      expect(model.layers.map((layer) => layer.getClassName())).toEqual([
        'Dense',
        'Dropout',
        'Dense',
      ]);
      expect(model.inputs[0]!.shape).toEqual([null, 784]);
      expect(model.countParams()).toBe(101_770);
      expect(dense(model, 'hidden').kernel.shape).toEqual([784, 128]);
      tf.tidy(() => {
        const logits = model.predict(tf.ones([3, 784])) as tf.Tensor;
        expect(logits.shape).toEqual([3, 10]);
        expect(logits.dtype).toBe('float32');
      });
      model.dispose();
    });
  });

  it('builds a [28, 28, 1] model that flattens to 784 and predicts [n, 10]', () => {
    expectNoNewTensors(() => {
      const model = createMnistMlp({ inputShape: [28, 28, 1], seed: 1 });
      expect(model.layers.map((layer) => layer.getClassName())).toEqual([
        'Flatten',
        'Dense',
        'Dropout',
        'Dense',
      ]);
      expect(model.inputs[0]!.shape).toEqual([null, 28, 28, 1]);
      expect(model.countParams()).toBe(101_770);
      tf.tidy(() => {
        expect((model.predict(tf.ones([2, 28, 28, 1])) as tf.Tensor).shape).toEqual([2, 10]);
      });
      model.dispose();
    });
  });

  it('gives one seed the same network for [28, 28], [784] and [28, 28, 1] inputs', () => {
    expectNoNewTensors(() => {
      const shapes = [[28, 28], [784], [28, 28, 1]];
      const models = shapes.map((inputShape) => createMnistMlp({ inputShape, seed: 9 }));
      const [square, flat, channel] = tf.tidy(() => {
        const pixels = tf.randomUniform([4, 784], 0, 1, 'float32', 3);
        return models.map((model, i) =>
          Array.from(
            (model.predict(tf.reshape(pixels, [4, ...shapes[i]!])) as tf.Tensor).dataSync(),
          ),
        );
      });
      expect(flat).toEqual(square);
      expect(channel).toEqual(square);
      for (const model of models) model.dispose();
    });
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
