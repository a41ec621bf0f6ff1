import { expectNoNewTensors, useCpuBackend } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  classifierSignature,
  createMnistCnn,
  MNIST_CNN_DEFAULTS,
  MNIST_CNN_LAYER_NAMES,
  type MnistCnnOptions,
  summary,
} from '../src';
import { SMALL_CNN } from './fixtures';

useCpuBackend();

// The convnet's architecture: its layers, shapes, parameters, options, signature and summary.

/** The architecture of some options, defaults filled in, as plain numbers. */
function architecture(options: MnistCnnOptions = {}) {
  const {
    filters = MNIST_CNN_DEFAULTS.filters,
    kernelSize = MNIST_CNN_DEFAULTS.kernelSize,
    denseUnits = MNIST_CNN_DEFAULTS.denseUnits,
    numClasses = MNIST_CNN_DEFAULTS.numClasses,
    inputShape = MNIST_CNN_DEFAULTS.inputShape,
  } = options;
  return { filters, kernelSize, denseUnits, numClasses, inputShape };
}

/**
 * Output shapes and parameter counts of every layer, worked out by hand: a valid convolution takes
 * `kernelSize - 1` off each side and has `k * k * inChannels * filters + filters` parameters, a
 * pooling halves each side (rounding down), a Dense layer has `in * units + units`.
 */
function expectedLayers(options: MnistCnnOptions = {}) {
  const { filters, kernelSize: k, denseUnits, numClasses, inputShape } = architecture(options);
  let [height, width, channels = 1] = inputShape as number[];
  const layers: Array<{ name: string; kind: string; shape: number[]; params: number }> = [];
  filters.forEach((f, i) => {
    height = height! - k + 1;
    width = width! - k + 1;
    layers.push({
      name: `conv${i + 1}`,
      kind: 'Conv2D',
      shape: [height, width, f],
      params: k * k * channels * f + f,
    });
    height = Math.floor(height / 2);
    width = Math.floor(width / 2);
    channels = f;
    layers.push({
      name: `pool${i + 1}`,
      kind: 'MaxPooling2D',
      shape: [height, width, f],
      params: 0,
    });
  });
  const flat = height! * width! * channels;
  layers.push(
    { name: 'flatten', kind: 'Flatten', shape: [flat], params: 0 },
    { name: 'hidden', kind: 'Dense', shape: [denseUnits], params: flat * denseUnits + denseUnits },
    { name: 'dropout', kind: 'Dropout', shape: [denseUnits], params: 0 },
    {
      name: 'logits',
      kind: 'Dense',
      shape: [numClasses],
      params: denseUnits * numClasses + numClasses,
    },
  );
  return layers;
}

function expectedParams(options: MnistCnnOptions = {}): number {
  return expectedLayers(options).reduce((total, layer) => total + layer.params, 0);
}

describe('createMnistCnn', () => {
  it('has the parameter count of its defaults, worked out layer by layer', () => {
    expectNoNewTensors(() => {
      const model = createMnistCnn();
      expect(model.countParams()).toBe(expectedParams());
      expect(
        model.trainableWeights.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * b!, 1), 0),
      ).toBe(expectedParams());
      expect(model.nonTrainableWeights).toEqual([]);
      model.dispose();
    });
  });

  it('checks the formula itself on an architecture worked out by hand', () => {
    const options = { filters: [8, 16], kernelSize: 5, denseUnits: 128, numClasses: 10 };
    // 28 -> conv 24 -> pool 12 -> conv 8 -> pool 4; flatten 4 * 4 * 16 = 256.
    const params = 5 * 5 * 1 * 8 + 8 + (5 * 5 * 8 * 16 + 16) + (256 * 128 + 128) + (128 * 10 + 10);
    expect(params).toBe(37_610);
    expect(expectedParams(options)).toBe(params);
    const model = createMnistCnn(options);
    expect(model.countParams()).toBe(params);
    model.dispose();
  });

  it('maps [n, 28, 28, 1] images to float32 [n, numClasses] logits', () => {
    expectNoNewTensors(() => {
      const model = createMnistCnn({ seed: 1 });
      tf.tidy(() => {
        const logits = model.predict(tf.ones([3, 28, 28, 1])) as tf.Tensor;
        expect(logits.shape).toEqual([3, MNIST_CNN_DEFAULTS.numClasses]);
        expect(logits.dtype).toBe('float32');
      });
      model.dispose();
    });
  });

  it('stacks conv and pool blocks, Flatten, Dense relu, Dropout, Dense linear in that order', () => {
    const model = createMnistCnn();
    const expected = expectedLayers();
    expect(model.name).toBe('mnist_cnn');
    expect(model.layers.map((layer) => layer.name)).toEqual(expected.map((l) => l.name));
    expect(model.layers.map((layer) => layer.getClassName())).toEqual(expected.map((l) => l.kind));
    expect(model.layers.map((layer) => layer.outputShape)).toEqual(
      expected.map((l) => [null, ...l.shape]),
    );
    expect(model.layers.map((layer) => layer.countParams())).toEqual(expected.map((l) => l.params));
    const { filters, kernelSize } = MNIST_CNN_DEFAULTS;
    filters.forEach((f, i) => {
      expect(model.getLayer(MNIST_CNN_LAYER_NAMES.conv(i + 1)).getConfig()).toMatchObject({
        filters: f,
        kernelSize: [kernelSize, kernelSize],
        strides: [1, 1],
        padding: 'valid',
        activation: 'relu',
        useBias: true,
      });
      expect(model.getLayer(MNIST_CNN_LAYER_NAMES.pool(i + 1)).getConfig()).toMatchObject({
        poolSize: [2, 2],
        strides: [2, 2],
        padding: 'valid',
      });
    });
    expect(model.getLayer(MNIST_CNN_LAYER_NAMES.hidden).getConfig()).toMatchObject({
      units: MNIST_CNN_DEFAULTS.denseUnits,
      activation: 'relu',
      useBias: true,
    });
    expect(model.getLayer(MNIST_CNN_LAYER_NAMES.dropout).getConfig()).toMatchObject({
      rate: MNIST_CNN_DEFAULTS.dropoutRate,
    });
    expect(model.getLayer(MNIST_CNN_LAYER_NAMES.logits).getConfig()).toMatchObject({
      units: MNIST_CNN_DEFAULTS.numClasses,
      activation: 'linear',
      useBias: true,
    });
    expect(model.inputs[0]!.shape).toEqual([null, ...MNIST_CNN_DEFAULTS.inputShape]);
    model.dispose();
  });

  it('names layers conv1, pool1, conv2, pool2, ... one-based', () => {
    expect(MNIST_CNN_LAYER_NAMES.conv(1)).toBe('conv1');
    expect(MNIST_CNN_LAYER_NAMES.pool(2)).toBe('pool2');
    const model = createMnistCnn({ filters: [4, 4, 4], kernelSize: 3 });
    expect(model.layers.map((layer) => layer.name)).toEqual([
      'conv1',
      'pool1',
      'conv2',
      'pool2',
      'conv3',
      'pool3',
      'flatten',
      'hidden',
      'dropout',
      'logits',
    ]);
    model.dispose();
  });
  it('honours filters, kernelSize, denseUnits, dropoutRate, numClasses and inputShape', () => {
    const options = {
      filters: [3, 5, 7],
      kernelSize: 3,
      denseUnits: 16,
      dropoutRate: 0,
      numClasses: 3,
      inputShape: [22, 30, 2],
    };
    expectNoNewTensors(() => {
      const model = createMnistCnn(options);
      // Height 22 -> 20 -> 10 -> 8 -> 4 -> 2 -> 1, width 30 -> 28 -> 14 -> 12 -> 6 -> 4 -> 2.
      expect(model.layers.map((l) => l.outputShape)).toEqual(
        expectedLayers(options).map((l) => [null, ...l.shape]),
      );
      expect(model.countParams()).toBe(expectedParams(options));
      expect(model.getLayer('dropout').getConfig()).toMatchObject({ rate: 0 });
      expect(model.inputs[0]!.shape).toEqual([null, 22, 30, 2]);
      expect(model.getLayer('pool3').outputShape).toEqual([null, 1, 2, 7]);
      expect(model.outputs[0]!.shape).toEqual([null, 3]);
      tf.tidy(() => {
        expect((model.predict(tf.ones([2, 22, 30, 2])) as tf.Tensor).shape).toEqual([2, 3]);
      });
      model.dispose();
    });
  });

  it('builds a one-channel model from a [28, 28] inputShape, taking [n, 28, 28, 1]', () => {
    expectNoNewTensors(() => {
      const flat = createMnistCnn({ inputShape: [28, 28], seed: 3 });
      const channel = createMnistCnn({ inputShape: [28, 28, 1], seed: 3 });
      expect(flat.inputs[0]!.shape).toEqual([null, 28, 28, 1]);
      expect(flat.countParams()).toBe(expectedParams({ inputShape: [28, 28, 1] }));
      const [a, b] = tf.tidy(() => {
        const images = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 4);
        return [flat, channel].map((m) => {
          const logits = m.predict(images) as tf.Tensor;
          expect(logits.shape).toEqual([2, 10]);
          return Array.from(logits.dataSync());
        });
      });
      expect(a).toEqual(b);
      flat.dispose();
      channel.dispose();
    });
  });
  it('has the classifier signature of a [28, 28, 1] input and 10 classes', () => {
    expectNoNewTensors(() => {
      for (const inputShape of [[28, 28], [28, 28, 1], undefined]) {
        const model = createMnistCnn(inputShape ? { inputShape } : {});
        expect(classifierSignature(model)).toEqual({ inputShape: [28, 28, 1], numClasses: 10 });
        model.dispose();
      }
      const small = createMnistCnn({ ...SMALL_CNN, inputShape: [12, 10, 3] });
      expect(classifierSignature(small)).toEqual({ inputShape: [12, 10, 3], numClasses: 4 });
      small.dispose();
    });
  });

  it('prints Keras-style summary rows for the conv and pool layers and the total', () => {
    const options = { filters: [8, 16], kernelSize: 5, denseUnits: 128, numClasses: 10 };
    const model = createMnistCnn(options);
    const text = summary(model);
    expect(text.split('\n')[0]).toBe('Model: "mnist_cnn"');
    expect(text).toMatch(/^ conv1 \(Conv2D\) +\(None, 24, 24, 8\) +208$/m);
    expect(text).toMatch(/^ pool1 \(MaxPooling2D\) +\(None, 12, 12, 8\) +0$/m);
    expect(text).toMatch(/^ conv2 \(Conv2D\) +\(None, 8, 8, 16\) +3,216$/m);
    expect(text).toMatch(/^ pool2 \(MaxPooling2D\) +\(None, 4, 4, 16\) +0$/m);
    expect(text).toMatch(/^ flatten \(Flatten\) +\(None, 256\) +0$/m);
    expect(text).toMatch(/^ hidden \(Dense\) +\(None, 128\) +32,896$/m);
    expect(text).toMatch(/^ dropout \(Dropout\) +\(None, 128\) +0$/m);
    expect(text).toMatch(/^ logits \(Dense\) +\(None, 10\) +1,290$/m);
    expect(text).toContain('Total params: 37,610\n');
    expect(text).toContain('Trainable params: 37,610\n');
    expect(text).toContain('Non-trainable params: 0\n');
    model.dispose();
  });
  it('keeps tf.memory().numTensors steady over predict, and leaves none once disposed', () => {
    const before = tf.memory().numTensors;
    const model = createMnistCnn({ seed: 3 });
    const afterBuild = tf.memory().numTensors;
    expect(afterBuild - before).toBe(model.weights.length);
    const images = tf.zeros([2, 28, 28, 1]);
    for (let i = 0; i < 3; i++) {
      const logits = model.predict(images) as tf.Tensor;
      logits.dispose();
      expect(tf.memory().numTensors).toBe(afterBuild + 1);
    }
    images.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
