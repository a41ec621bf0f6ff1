import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's ops only get gradients once they are registered (the @tensorflow/tfjs bundle does it).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { expectNoNewTensors, prng } from '@mnist-wasm/test-utils';
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
import {
  bothBackends,
  type Conv,
  type ConvCase,
  relativeDifference,
  values,
} from './conv-gradient-cases';
import { expectNoLeak } from './helpers';

// The training kernels' registration, their chunked path and their memory; their gradients
// against tfjs-backend-cpu are in training-kernels-gradients.test.ts and
// training-kernels-dilations.test.ts, a model trained on them in layers-fit.test.ts.
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
