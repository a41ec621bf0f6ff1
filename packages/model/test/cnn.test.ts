import {
  expectNoNewTensors,
  thrown,
  useCpuBackend,
  useTempFolder,
  weightValues,
} from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import {
  classifierSignature,
  createMnistCnn,
  MNIST_CNN_DEFAULTS,
  MNIST_CNN_LAYER_NAMES,
  MNIST_CNN_MAX_BLOCKS,
  type MnistCnnOptions,
  ModelError,
  ModelOptionError,
  sparseCategoricalCrossentropy,
  summary,
} from '../src';
import { loadModel, saveModel } from '../src/node';

useCpuBackend();

const temp = useTempFolder('mnist-cnn-');

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

const SMALL = { filters: [2, 3], kernelSize: 3, denseUnits: 8, numClasses: 4 } as const;

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

  it('starts with zero biases and glorot-uniform kernels within sqrt(6 / (fanIn + fanOut))', () => {
    const options = { filters: [8, 16], kernelSize: 5, denseUnits: 128, seed: 7 };
    const model = createMnistCnn(options);
    // A conv kernel's fans are the receptive field times the channels in and out.
    for (const [name, fanIn, fanOut] of [
      ['conv1', 25 * 1, 25 * 8],
      ['conv2', 25 * 8, 25 * 16],
      ['hidden', 256, 128],
      ['logits', 128, 10],
    ] as const) {
      const [kernel, bias] = model.getLayer(name).getWeights();
      expect(Array.from(bias!.dataSync()).every((v) => v === 0)).toBe(true);
      const values = Array.from(kernel!.dataSync());
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const maxAbs = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(maxAbs, name).toBeLessThanOrEqual(limit);
      expect(maxAbs, name).toBeGreaterThan(0.9 * limit);
    }
    model.dispose();
  });

  it('gives identical initial weights for one seed and different weights for different seeds', () => {
    const a = createMnistCnn({ seed: 42 });
    const b = createMnistCnn({ seed: 42 });
    const c = createMnistCnn({ seed: 43 });
    const [wa, wb, wc] = [a, b, c].map(weightValues);
    expect(wb).toEqual(wa);
    // Every kernel (even indices; odd ones are the zero biases) differs between the seeds.
    wa!.forEach((values, i) => {
      if (i % 2 === 0) expect(Array.from(wc![i]!), `weight ${i}`).not.toEqual(Array.from(values));
    });
    // Each layer draws from its own stream: conv1 and conv2 start differently.
    expect(Array.from(wa![2]!.slice(0, 10))).not.toEqual(Array.from(wa![0]!.slice(0, 10)));
    for (const m of [a, b, c]) m.dispose();
  });

  it('keeps the streams of conv1 and the dense layers when a block is added', () => {
    const two = createMnistCnn({ filters: [4, 4], kernelSize: 3, seed: 5 });
    const three = createMnistCnn({ filters: [4, 4, 4], kernelSize: 3, seed: 5 });
    const kernel = (m: tfl.LayersModel, name: string) =>
      Array.from(m.getLayer(name).getWeights()[0]!.dataSync());
    expect(kernel(three, 'conv1')).toEqual(kernel(two, 'conv1'));
    expect(kernel(three, 'conv2')).toEqual(kernel(two, 'conv2'));
    expect(kernel(three, 'logits')).toEqual(kernel(two, 'logits'));
    two.dispose();
    three.dispose();
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

  it.each([
    ['filters', { filters: [] }],
    ['filters', { filters: [8, 0] }],
    ['filters', { filters: [8, 2.5] }],
    ['filters', { filters: [1, 1, 1, 1, 1] }],
    ['filters', { filters: 8 }],
    ['kernelSize', { kernelSize: 0 }],
    ['kernelSize', { kernelSize: 1.5 }],
    ['denseUnits', { denseUnits: 0 }],
    ['denseUnits', { denseUnits: -3 }],
    ['dropoutRate', { dropoutRate: 1 }],
    ['dropoutRate', { dropoutRate: -0.1 }],
    ['dropoutRate', { dropoutRate: Number.NaN }],
    ['numClasses', { numClasses: 1 }],
    ['numClasses', { numClasses: 2.5 }],
    ['inputShape', { inputShape: [] }],
    ['inputShape', { inputShape: [784] }],
    ['inputShape', { inputShape: [28, 28, 1, 1] }],
    ['inputShape', { inputShape: [28, 0] }],
    ['seed', { seed: 0.5 }],
    ['seed', { seed: 2 ** 53 }],
  ])('rejects a bad %s with a typed error naming option and value: %o', (option, options) => {
    const error = thrown(() => createMnistCnn(options as MnistCnnOptions));
    expect(error).toBeInstanceOf(ModelOptionError);
    expect(error).toBeInstanceOf(ModelError);
    const typed = error as ModelOptionError;
    expect(typed.caller).toBe('createMnistCnn');
    expect(typed.option).toBe(option);
    expect(typed.value).toEqual(Object.values(options)[0]);
    expect(typed.message).toContain(`createMnistCnn: ${option} is `);
    expect(typed.message).toContain(`; use ${typed.allowed}.`);
  });

  it('says what was given and what to use', () => {
    expect(() => createMnistCnn({ kernelSize: -1 })).toThrow(
      `createMnistCnn: kernelSize is -1; use a positive integer such as ${MNIST_CNN_DEFAULTS.kernelSize}.`,
    );
    expect(() => createMnistCnn({ filters: [8, 0] })).toThrow(
      `createMnistCnn: filters is [8, 0]; use an array of 1 to ${MNIST_CNN_MAX_BLOCKS} positive integers, one convolution block each, such as [${MNIST_CNN_DEFAULTS.filters.join(', ')}].`,
    );
    expect(() => createMnistCnn({ inputShape: [784] })).toThrow(
      `createMnistCnn: inputShape is [784]; use [height, width] or [height, width, channels] of positive integers such as [${MNIST_CNN_DEFAULTS.inputShape.join(', ')}].`,
    );
    expect(() => createMnistCnn({ numClasses: 1 })).toThrow(
      'createMnistCnn: numClasses is 1; use an integer of at least 2.',
    );
  });

  it('refuses an input too small for one block, naming inputShape and the smallest that works', () => {
    // Two 5x5 blocks need 16 pixels: 16 -> 12 -> 6 -> 2 -> 1.
    const error = thrown(() =>
      createMnistCnn({ filters: [8, 16], kernelSize: 5, inputShape: [4, 28] }),
    ) as ModelOptionError;
    expect(error).toBeInstanceOf(ModelOptionError);
    expect(error.option).toBe('inputShape');
    expect(error.value).toEqual([4, 28]);
    expect(error.message).toBe(
      "createMnistCnn: inputShape is [4, 28]; use a height and width of at least 16 for 2 blocks of kernelSize 5 (each block's 5x5 convolution takes 4 pixels off height and width, its pooling halves them), or a smaller kernelSize or fewer filters entries.",
    );
    // The smallest size it names is accepted; one pixel less is not.
    const model = createMnistCnn({ filters: [8, 16], kernelSize: 5, inputShape: [16, 16] });
    expect(model.outputs[0]!.shape).toEqual([null, 10]);
    expect(model.getLayer('pool2').outputShape).toEqual([null, 1, 1, 16]);
    model.dispose();
    expect(
      thrown(() => createMnistCnn({ filters: [8, 16], kernelSize: 5, inputShape: [16, 15] })),
    ).toBeInstanceOf(ModelOptionError);
    // A kernel larger than the image leaves nothing for the first block.
    expect((thrown(() => createMnistCnn({ kernelSize: 29 })) as ModelOptionError).option).toBe(
      'inputShape',
    );
  });

  it('refuses more blocks than the input allows, naming filters and how many fit', () => {
    // 28 with 5x5 kernels: 28 -> 24 -> 12 -> 8 -> 4 -> 0; two blocks fit.
    const error = thrown(() =>
      createMnistCnn({ filters: [8, 16, 32], kernelSize: 5, inputShape: [28, 28] }),
    ) as ModelOptionError;
    expect(error).toBeInstanceOf(ModelOptionError);
    expect(error.option).toBe('filters');
    expect(error.value).toEqual([8, 16, 32]);
    expect(error.message).toBe(
      "createMnistCnn: filters is [8, 16, 32]; use at most 2 entries for inputShape [28, 28] (each block's 5x5 convolution takes 4 pixels off height and width, its pooling halves them), or a smaller kernelSize or a larger inputShape.",
    );
    // With 3x3 kernels three blocks fit: 28 -> 26 -> 13 -> 11 -> 5 -> 3 -> 1.
    const model = createMnistCnn({ filters: [8, 16, 32], kernelSize: 3, inputShape: [28, 28] });
    expect(model.getLayer('pool3').outputShape).toEqual([null, 1, 1, 32]);
    model.dispose();
  });

  it('has the classifier signature of a [28, 28, 1] input and 10 classes', () => {
    expectNoNewTensors(() => {
      for (const inputShape of [[28, 28], [28, 28, 1], undefined]) {
        const model = createMnistCnn(inputShape ? { inputShape } : {});
        expect(classifierSignature(model)).toEqual({ inputShape: [28, 28, 1], numClasses: 10 });
        model.dispose();
      }
      const small = createMnistCnn({ ...SMALL, inputShape: [12, 10, 3] });
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

  it('saves and loads with identical weights and predictions', async () => {
    const dir = temp.next('cnn');
    const model = createMnistCnn({ ...SMALL, seed: 11 });
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

  it('learns: Adam steps on gradients from tf.variableGrads cut the loss of a tiny batch', () => {
    expectNoNewTensors(() => {
      const model = createMnistCnn({
        filters: [4, 8],
        kernelSize: 3,
        denseUnits: 16,
        numClasses: 4,
        dropoutRate: 0,
        inputShape: [12, 12],
        seed: 2,
      });
      const images = tf.randomUniform([8, 12, 12, 1], 0, 1, 'float32', 5);
      const labels = tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], 'int32');
      const crossentropy = sparseCategoricalCrossentropy();
      const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const loss = () => crossentropy(labels, model.apply(images, { training: true }) as tf.Tensor);
      const optimizer = tf.train.adam(0.02);
      const losses: number[] = [];
      for (let step = 0; step < 30; step++) {
        tf.tidy(() => {
          const { value, grads } = tf.variableGrads(loss, variables);
          expect(Object.keys(grads).sort()).toEqual(variables.map((v) => v.name).sort());
          losses.push(value.dataSync()[0]!);
          optimizer.applyGradients(
            Object.entries(grads).map(([name, tensor]) => ({ name, tensor })),
          );
        });
      }
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses.at(-1)!).toBeLessThan(0.5 * losses[0]!);
      optimizer.dispose();
      tf.dispose([images, labels]);
      model.dispose();
    });
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
