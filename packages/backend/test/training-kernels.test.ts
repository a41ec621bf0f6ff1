import '@tensorflow/tfjs-backend-cpu';
import { expectNoNewTensors, prng } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's ops only get gradients once they are registered (the @tensorflow/tfjs bundle does it).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIXED_KERNEL_NAMES,
  initWasmBackend,
  kernelFixesRegistered,
  registerKernelFixes,
  registerTrainingKernels,
  TRAINING_KERNEL_NAMES,
  unregisterKernelFixes,
} from '../src/index';
import { expectNoLeak, integer } from './helpers';

type Pad = 'same' | 'valid';
type Shape4 = [number, number, number, number];

/** `size` values uniform in [-1, 1). */
function values(random: () => number, size: number): Float32Array {
  return Float32Array.from({ length: size }, () => 2 * random() - 1);
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** max |actual - expected| / max |expected|: the relative error the tests bound. */
function relativeDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs((actual[i] as number) - (expected[i] as number)));
    scale = Math.max(scale, Math.abs(expected[i] as number));
  }
  expect(scale).toBeGreaterThan(0);
  return diff / scale;
}

/** Runs `fn` on `backend`, then makes 'wasm' active again. */
async function on<T>(backend: 'cpu' | 'wasm', fn: () => T): Promise<T> {
  await tf.setBackend(backend);
  try {
    return fn();
  } finally {
    await tf.setBackend('wasm');
  }
}

interface ConvCase {
  name: string;
  xShape: Shape4;
  filterShape: Shape4;
  strides: [number, number];
  pad: Pad;
  dilations: [number, number];
}

/**
 * Random convolutions within the ranges of the brief: batch 1-3, sides 3-12, channels 1-5,
 * filters (or channel multipliers) 1-4, strides 1-3, same or valid padding; filter sides fit the
 * input. With `dilated`, a third of the cases get dilations 2-3 instead of strides (TF.js allows
 * one or the other).
 */
function convCases(seed: number, count: number, dilated = false): ConvCase[] {
  const random = prng(seed);
  return Array.from({ length: count }, (_, i) => {
    const batch = integer(random, 1, 3);
    const height = integer(random, 3, 12);
    const width = integer(random, 3, 12);
    const channels = integer(random, 1, 5);
    const outer = integer(random, 1, 4); // filters, or the channel multiplier
    const pad: Pad = random() < 0.5 ? 'same' : 'valid';
    const dilation = dilated && i % 3 === 2 ? integer(random, 2, 3) : 1;
    // The dilated filter, (side - 1) · dilation + 1, must fit a valid convolution.
    const maxSide = (side: number) => Math.min(5, Math.floor((side - 1) / dilation) + 1);
    const fh = integer(random, 1, maxSide(height));
    const fw = integer(random, 1, maxSide(width));
    const strides: [number, number] =
      dilation > 1 ? [1, 1] : [integer(random, 1, 3), integer(random, 1, 3)];
    const xShape: Shape4 = [batch, height, width, channels];
    const filterShape: Shape4 = [fh, fw, channels, outer];
    const name = `x [${xShape}], filter [${filterShape}], strides [${strides}], ${pad}${
      dilation > 1 ? `, dilations ${dilation}` : ''
    }`;
    return { name, xShape, filterShape, strides, pad, dilations: [dilation, dilation] };
  });
}

function outputShape(c: ConvCase, depthwise: boolean): Shape4 {
  const info = tf.backend_util.computeConv2DInfo(
    c.xShape,
    c.filterShape,
    c.strides,
    c.dilations,
    c.pad,
    undefined,
    depthwise,
  );
  return info.outShape as Shape4;
}

type Conv = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D;

/** Gradients of `sum(conv(x, w) · weights)` with respect to x and w, as plain arrays. */
function convGradients(
  conv: Conv,
  x: Float32Array,
  xShape: Shape4,
  w: Float32Array,
  wShape: Shape4,
  weights: Float32Array,
  weightsShape: Shape4,
): [Float32Array, Float32Array] {
  return tf.tidy(() => {
    const lossWeights = tf.tensor4d(weights, weightsShape);
    const gradients = tf.grads((xs: tf.Tensor, ws: tf.Tensor) =>
      tf.sum(tf.mul(conv(xs as tf.Tensor4D, ws as tf.Tensor4D), lossWeights)),
    );
    const [dx, dw] = gradients([tf.tensor4d(x, xShape), tf.tensor4d(w, wShape)]);
    return [dx!.dataSync() as Float32Array, dw!.dataSync() as Float32Array];
  });
}

/** The same gradients on 'cpu' and on 'wasm', for a case's seeded values. */
async function bothBackends(c: ConvCase, conv: Conv, depthwise: boolean, seed: number) {
  const random = prng(seed);
  const x = values(random, sizeOf(c.xShape));
  const w = values(random, sizeOf(c.filterShape));
  const yShape = outputShape(c, depthwise);
  const weights = values(random, sizeOf(yShape));
  const run = () => convGradients(conv, x, c.xShape, w, c.filterShape, weights, yShape);
  const expected = await on('cpu', run);
  const actual = run();
  return { actual, expected };
}

describe('training kernels', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  afterAll(async () => {
    await tf.setBackend('wasm');
  });

  it('are registered on wasm by initWasmBackend, idempotently', () => {
    expect(TRAINING_KERNEL_NAMES).toEqual([
      'Conv2DBackpropFilter',
      'DepthwiseConv2dNativeBackpropFilter',
      'DepthwiseConv2dNativeBackpropInput',
    ]);
    const configs = TRAINING_KERNEL_NAMES.map((name) => tf.getKernel(name, 'wasm'));
    for (const config of configs) expect(config).toBeDefined();
    registerTrainingKernels();
    expect(TRAINING_KERNEL_NAMES.map((name) => tf.getKernel(name, 'wasm'))).toEqual(configs);
  });

  it('leave a kernel registered by someone else as it is', () => {
    const ours = tf.getKernel('DepthwiseConv2dNativeBackpropInput', 'wasm')!;
    const theirs = { ...ours, kernelFunc: () => ({ dataId: {}, shape: [], dtype: 'float32' }) };
    tf.unregisterKernel(ours.kernelName, 'wasm');
    tf.registerKernel(theirs as tf.KernelConfig);
    try {
      registerTrainingKernels();
      expect(tf.getKernel(ours.kernelName, 'wasm')?.kernelFunc).toBe(theirs.kernelFunc);
    } finally {
      tf.unregisterKernel(ours.kernelName, 'wasm');
      tf.registerKernel(ours);
    }
  });

  describe('conv2d gradients (x and filter) match tfjs-backend-cpu', () => {
    for (const [i, c] of convCases(101, 30).entries()) {
      it(c.name, async () => {
        const op: Conv = (x, w) => tf.conv2d(x, w, c.strides, c.pad);
        const { actual, expected } = await bothBackends(c, op, false, 1000 + i);
        expect(relativeDifference(actual[0], expected[0])).toBeLessThan(1e-5);
        expect(relativeDifference(actual[1], expected[1])).toBeLessThan(1e-5);
      });
    }
  });

  describe('depthwiseConv2d gradients (x and filter) match tfjs-backend-cpu', () => {
    for (const [i, c] of convCases(202, 30).entries()) {
      it(`${c.name} (channel multiplier ${c.filterShape[3]})`, async () => {
        const op: Conv = (x, w) => tf.depthwiseConv2d(x, w, c.strides, c.pad);
        const { actual, expected } = await bothBackends(c, op, true, 2000 + i);
        expect(relativeDifference(actual[0], expected[0])).toBeLessThan(1e-5);
        expect(relativeDifference(actual[1], expected[1])).toBeLessThan(1e-5);
      });
    }
  });

  describe('depthwise gradient kernels with dilations match cpu on the zero-inserted filter', () => {
    // TF.js's depthwiseConv2d gradient refuses dilations > 1, and tfjs-backend-cpu's gradient
    // kernels get them wrong (dilated padding, undilated taps), so the kernels are called directly
    // and checked through the identity conv(x, W, dilation d) = conv(x, W_d), where W_d is W with
    // d - 1 zeros between taps: cpu's undilated gradients of W_d.
    const cases = convCases(303, 30, true).filter((c) => c.dilations[0] > 1);
    it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(8));
    for (const [i, c] of cases.entries()) {
      it(c.name, async () => {
        const random = prng(3000 + i);
        const [fh, fw, channels, multiplier] = c.filterShape;
        const d = c.dilations[0];
        const dilatedShape: Shape4 = [(fh - 1) * d + 1, (fw - 1) * d + 1, channels, multiplier];
        const x = values(random, sizeOf(c.xShape));
        const w = values(random, sizeOf(c.filterShape));
        const dilated = new Float32Array(sizeOf(dilatedShape));
        const taps = channels * multiplier;
        for (let h = 0; h < fh; h++) {
          for (let v = 0; v < fw; v++) {
            const from = (h * fw + v) * taps;
            dilated.set(w.subarray(from, from + taps), (h * d * dilatedShape[1] + v * d) * taps);
          }
        }
        const yShape = outputShape(c, true);
        const dy = values(random, sizeOf(yShape));
        const [dxExpected, dwDilated] = await on('cpu', () =>
          convGradients(
            (xs, ws) => tf.depthwiseConv2d(xs, ws, c.strides, c.pad),
            x,
            c.xShape,
            dilated,
            dilatedShape,
            dy,
            yShape,
          ),
        );
        const dwExpected = new Float32Array(sizeOf(c.filterShape));
        for (let h = 0; h < fh; h++) {
          for (let v = 0; v < fw; v++) {
            const from = (h * d * dilatedShape[1] + v * d) * taps;
            dwExpected.set(dwDilated.subarray(from, from + taps), (h * fw + v) * taps);
          }
        }
        const attrs = { strides: c.strides, pad: c.pad, dilations: c.dilations };
        const [dx, dw] = tf.tidy(() => {
          const dyTensor = tf.tensor4d(dy, yShape);
          const dxTensor = tf
            .engine()
            .runKernel(
              'DepthwiseConv2dNativeBackpropInput',
              { dy: dyTensor, filter: tf.tensor4d(w, c.filterShape) },
              { ...attrs, inputShape: c.xShape },
            ) as tf.Tensor;
          const dwTensor = tf
            .engine()
            .runKernel(
              'DepthwiseConv2dNativeBackpropFilter',
              { x: tf.tensor4d(x, c.xShape), dy: dyTensor },
              { ...attrs, filterShape: c.filterShape },
            ) as tf.Tensor;
          return [dxTensor.dataSync(), dwTensor.dataSync()];
        });
        expect(relativeDifference(dx, dxExpected)).toBeLessThan(1e-5);
        expect(relativeDifference(dw, dwExpected)).toBeLessThan(1e-5);
      });
    }
  });

  describe('conv2d gradients in NCHW', () => {
    // tfjs-backend-cpu differentiates tf.conv2d(..., 'NCHW'); the wasm backend's forward Conv2D
    // refuses NCHW, so there the gradient kernels (which take NCHW) are called directly.
    for (const [i, c] of convCases(404, 6).entries()) {
      it(`${c.name}, as NCHW`, async () => {
        const random = prng(4000 + i);
        const [batch, height, width, channels] = c.xShape;
        const xShape: Shape4 = [batch, channels, height, width];
        const [, outHeight, outWidth, outChannels] = outputShape(c, false);
        const yShape: Shape4 = [batch, outChannels, outHeight, outWidth];
        const x = values(random, sizeOf(xShape));
        const w = values(random, sizeOf(c.filterShape));
        const dy = values(random, sizeOf(yShape));
        const [dxExpected, dwExpected] = await on('cpu', () =>
          convGradients(
            (xs, ws) => tf.conv2d(xs, ws, c.strides, c.pad, 'NCHW'),
            x,
            xShape,
            w,
            c.filterShape,
            dy,
            yShape,
          ),
        );
        expect(() =>
          tf.tidy(() =>
            tf.conv2d(
              tf.zeros(xShape) as tf.Tensor4D,
              tf.zeros(c.filterShape) as tf.Tensor4D,
              1,
              'same',
              'NCHW',
            ),
          ),
        ).toThrow(/NCHW|channelsFirst/);
        const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NCHW' };
        const [dx, dw] = tf.tidy(() => {
          const dyTensor = tf.tensor4d(dy, yShape);
          const dxTensor = tf
            .engine()
            .runKernel(
              'Conv2DBackpropInput',
              { dy: dyTensor, filter: tf.tensor4d(w, c.filterShape) },
              { ...attrs, inputShape: xShape },
            ) as tf.Tensor;
          const dwTensor = tf
            .engine()
            .runKernel(
              'Conv2DBackpropFilter',
              { x: tf.tensor4d(x, xShape), dy: dyTensor },
              { ...attrs, filterShape: c.filterShape },
            ) as tf.Tensor;
          return [dxTensor.dataSync(), dwTensor.dataSync()];
        });
        expect(relativeDifference(dx, dxExpected)).toBeLessThan(1e-5);
        expect(relativeDifference(dw, dwExpected)).toBeLessThan(1e-5);
      });
    }
  });

  it('conv2d gradients of a large input, done in chunks, match cpu', async () => {
    // Stride 2, valid: both gradients take the im2col path (with stride 1 they are convolutions,
    // and the filter gradient's would need cropping here: 64 is not 5 + 29 · 2). 16 · 30 · 30 patch
    // rows of 5 · 5 · 16 = 400 columns: 5.8M floats, above the 4M (1 << 22) a chunk holds, so both
    // kernels take two chunks. One filter keeps the cpu reference to about a second.
    const c: ConvCase = {
      name: 'large',
      xShape: [16, 64, 64, 16],
      filterShape: [5, 5, 16, 1],
      strides: [2, 2],
      pad: 'valid',
      dilations: [1, 1],
    };
    expect(16 * 30 * 30 * 5 * 5 * 16).toBeGreaterThan(1 << 22);
    const op: Conv = (x, w) => tf.conv2d(x, w, c.strides, c.pad);
    const { actual, expected } = await bothBackends(c, op, false, 5000);
    expect(relativeDifference(actual[0], expected[0])).toBeLessThan(1e-5);
    expect(relativeDifference(actual[1], expected[1])).toBeLessThan(1e-5);
  }, 30_000);

  it('leave no tensors nor backend buffers behind', () => {
    const random = prng(6000);
    const x = tf.tensor4d(values(random, 2 * 9 * 7 * 3), [2, 9, 7, 3]);
    const w = tf.tensor4d(values(random, 3 * 3 * 3 * 2), [3, 3, 3, 2]);
    const pointwise = tf.tensor4d(values(random, 6 * 4), [1, 1, 6, 4]);
    const nchw = tf.tensor4d(values(random, 2 * 3 * 9 * 7), [2, 3, 9, 7]);
    const nchwDy = tf.tensor4d(values(random, 2 * 2 * 5 * 4), [2, 2, 5, 4]);
    const gradients = tf.grads((xs: tf.Tensor, ws: tf.Tensor, ps: tf.Tensor) =>
      tf.sum(
        tf.separableConv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, ps as tf.Tensor4D, 2, 'same'),
      ),
    );
    const conv2dGradients = tf.grads((xs: tf.Tensor, ws: tf.Tensor) =>
      tf.sum(tf.conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, [2, 1], 'valid')),
    );
    const nchwAttrs = { strides: 2, pad: 'same', dataFormat: 'NCHW' };
    const filter3 = tf.tensor4d(values(random, 3 * 3 * 3 * 2), [3, 3, 3, 2]);
    for (let round = 0; round < 3; round++) {
      expectNoNewTensors(() =>
        expectNoLeak(() => {
          tf.dispose(gradients([x, w, pointwise]));
          tf.dispose(conv2dGradients([x, filter3]));
          tf.dispose([
            tf
              .engine()
              .runKernel(
                'Conv2DBackpropFilter',
                { x: nchw, dy: nchwDy },
                { ...nchwAttrs, filterShape: [3, 3, 3, 2] },
              ) as tf.Tensor,
            tf
              .engine()
              .runKernel(
                'Conv2DBackpropInput',
                { dy: nchwDy, filter: filter3 },
                { ...nchwAttrs, inputShape: [2, 3, 9, 7] },
              ) as tf.Tensor,
          ]);
        }),
      );
    }
    tf.dispose([x, w, pointwise, nchw, nchwDy, filter3]);
  });
});

describe('the Conv2DBackpropInput fix', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  it('is among the fixed kernels, and unregistering restores the stock kernel', () => {
    expect(FIXED_KERNEL_NAMES).toContain('Conv2DBackpropInput');
    const fixed = tf.getKernel('Conv2DBackpropInput', 'wasm')!;
    unregisterKernelFixes();
    try {
      const stock = tf.getKernel('Conv2DBackpropInput', 'wasm')!;
      expect(stock.kernelFunc).not.toBe(fixed.kernelFunc);
      expect(kernelFixesRegistered()).toBe(false);
      // The stock kernel computes the same gradient (slowly).
      const random = prng(7000);
      const dy = tf.tensor4d(values(random, 2 * 4 * 4 * 3), [2, 4, 4, 3]);
      const filter = tf.tensor4d(values(random, 3 * 3 * 2 * 3), [3, 3, 2, 3]);
      const attrs = { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [2, 8, 8, 2] };
      const run = () =>
        tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, attrs) as tf.Tensor;
      const stockResult = run();
      registerKernelFixes();
      expect(tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc).not.toBe(stock.kernelFunc);
      const fixedResult = run();
      expect(relativeDifference(fixedResult.dataSync(), stockResult.dataSync())).toBeLessThan(1e-5);
      tf.dispose([dy, filter, stockResult, fixedResult]);
      // Re-registering the fixes is idempotent: the same fixed kernel stays.
      const again = tf.getKernel('Conv2DBackpropInput', 'wasm')!;
      registerKernelFixes();
      expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).toBe(again);
    } finally {
      registerKernelFixes();
    }
    expect(kernelFixesRegistered()).toBe(true);
  });
});

describe('tfjs-layers model.fit on wasm', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  /**
   * A tiny separable dataset: 10 x 10 x 2 noisy images whose class (of 3) is which third of the
   * image, left, middle or right, is bright.
   */
  function dataset(count: number, seed: number) {
    const random = prng(seed);
    const images = new Float32Array(count * 10 * 10 * 2);
    const labels = new Float32Array(count * 3);
    for (let n = 0; n < count; n++) {
      const label = n % 3;
      labels[n * 3 + label] = 1;
      for (let i = 0; i < 10 * 10 * 2; i++) {
        const column = Math.floor(i / 2) % 10;
        const bright = Math.min(2, Math.floor((column * 3) / 10)) === label;
        images[n * 200 + i] = (bright ? 0.8 : 0) + 0.4 * (random() - 0.5);
      }
    }
    return { xs: tf.tensor4d(images, [count, 10, 10, 2]), ys: tf.tensor2d(labels, [count, 3]) };
  }

  const seeded = (seed: number) => tfl.initializers.glorotUniform({ seed });

  function convnet(): tfl.Sequential {
    return tfl.sequential({
      layers: [
        tfl.layers.conv2d({
          inputShape: [10, 10, 2],
          filters: 4,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
          kernelInitializer: seeded(1),
        }),
        tfl.layers.batchNormalization(),
        tfl.layers.depthwiseConv2d({
          kernelSize: 3,
          depthMultiplier: 2,
          activation: 'relu',
          depthwiseInitializer: seeded(2),
        }),
        tfl.layers.maxPooling2d({ poolSize: 2 }),
        tfl.layers.separableConv2d({
          filters: 6,
          kernelSize: 2,
          padding: 'same',
          activation: 'relu',
          depthwiseInitializer: seeded(3),
          pointwiseInitializer: seeded(4),
        }),
        tfl.layers.averagePooling2d({ poolSize: 2 }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 8, activation: 'relu', kernelInitializer: seeded(5) }),
        tfl.layers.dropout({ rate: 0.2, seed: 6 }),
        tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: seeded(7) }),
      ],
    });
  }

  it('trains a convnet of every layer type, and its loss decreases', async () => {
    expect(tf.getBackend()).toBe('wasm');
    for (const name of TRAINING_KERNEL_NAMES) expect(tf.getKernel(name, 'wasm')).toBeDefined();
    const before = tf.memory().numTensors;
    const { xs, ys } = dataset(48, 8000);
    const model = convnet();
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    const initial = model.getWeights().map((w) => w.dataSync().slice());
    const history = await model.fit(xs, ys, {
      epochs: 8,
      batchSize: 16,
      shuffle: false,
      verbose: 0,
    });
    const losses = history.history.loss as number[];
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(0.6 * losses[0]!);
    // Every trainable weight moved: each layer got its gradient.
    for (const [i, weight] of model.trainableWeights.entries()) {
      const index = model.weights.indexOf(weight);
      const now = weight.read().dataSync();
      expect(
        now.some((v, j) => v !== initial[index]![j]),
        `${weight.name} [${i}]`,
      ).toBe(true);
    }
    tf.dispose([xs, ys]);
    model.optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
