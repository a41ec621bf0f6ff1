import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BackendOptionError,
  ConvBackward,
  ConvOperandError,
  conv2dBackward,
  conv2dForward,
  convKernelsUseSimd,
  initWasmBackend,
  KernelNotRegisteredError,
  PoolOperandError,
  registerConvKernels,
} from '../src/index';

// The Conv2D training kernels' errors: operands that do not fit, options they do not fuse, and
// a missing kernel.
describe('conv2dForward and conv2dBackward (the Conv2D training kernels)', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  it('names both shapes when an operand does not fit', () => {
    tf.tidy(() => {
      const x = tf.zeros([2, 6, 6, 3]);
      const filter = tf.zeros([3, 3, 3, 4]);
      expect(() => conv2dForward(x, tf.zeros([3, 3, 2, 4]))).toThrow(ConvOperandError);
      expect(() => conv2dForward(x, tf.zeros([3, 3, 2, 4]))).toThrow(
        'conv2dForward: filter is float32 [3,3,2,4]; expected float32 [*, *, 3, *] to fit x [2,6,6,3]',
      );
      expect(() => conv2dForward(x, filter, { bias: tf.zeros([5]) })).toThrow(
        'conv2dForward: bias is float32 [5]; expected float32 [4] to fit filter [3,3,3,4]',
      );
      expect(() => conv2dForward(tf.zeros([2, 6, 6, 3], 'int32'), filter)).toThrow(
        'conv2dForward: x is int32 [2,6,6,3]; expected float32 [*, *, *, *]',
      );
      expect(() => conv2dForward(tf.zeros([2, 6, 6]), filter)).toThrow(ConvOperandError);
      expect(() => conv2dForward(tf.zeros([1, 2, 2, 3]), filter)).toThrow(
        "conv2dForward: filter [3,3,3,4] is larger than x [1,2,2,3] with 'valid' padding",
      );
      const output = tf.zeros([2, 4, 4, 4]);
      expect(() => conv2dBackward(x, filter, output, tf.zeros([2, 6, 6, 4]))).toThrow(
        'conv2dBackward: dOutput is float32 [2,6,6,4]; expected float32 [2, 4, 4, 4] to fit x [2,6,6,3] ⊛ filter [3,3,3,4]',
      );
      expect(() =>
        conv2dBackward(x, filter, tf.zeros([2, 6, 6, 4]), tf.zeros([2, 6, 6, 4]), {
          padding: 'same',
        }),
      ).not.toThrow();
      expect(() => conv2dBackward(x, filter, tf.zeros([2, 4, 4]), output)).toThrow(
        ConvOperandError,
      );
    });
  });

  it('refuses an activation or padding the kernels do not fuse', () => {
    tf.tidy(() => {
      const x = tf.zeros([1, 3, 3, 1]);
      const filter = tf.zeros([2, 2, 1, 1]);
      const call = () => conv2dForward(x, filter, { activation: 'tanh' as 'relu' });
      expect(call).toThrow(BackendOptionError);
      expect(call).toThrow("conv2dForward: activation is \"tanh\"; use 'relu' or 'linear'.");
      expect(() => conv2dForward(x, filter, { padding: 'causal' as 'same' })).toThrow(
        "conv2dForward: padding is \"causal\"; use 'valid' or 'same'.",
      );
    });
  });

  it('refuses a pool larger than the output, or a pool size that is not a whole number', () => {
    tf.tidy(() => {
      const x = tf.zeros([1, 4, 4, 1]);
      const filter = tf.zeros([3, 3, 1, 2]);
      const call = () => conv2dForward(x, filter, { pool: { size: 3, stride: 3 } });
      expect(call).toThrow(PoolOperandError);
      expect(call).toThrow(
        'conv2dForward: output is float32 [1,2,2,2]; expected float32 [*, h, w, *] with h and w >= 3',
      );
      expect(() => conv2dForward(x, filter, { pool: { size: 1.5, stride: 1 } })).toThrow(
        BackendOptionError,
      );
    });
  });

  it('throws KernelNotRegisteredError without the kernel', () => {
    tf.unregisterKernel(ConvBackward, 'wasm');
    try {
      tf.tidy(() => {
        const x = tf.zeros([1, 1, 1, 1]);
        const call = () => conv2dBackward(x, x, x, x);
        expect(call).toThrow(KernelNotRegisteredError);
        expect(call).toThrow(
          "conv2dBackward: the 'wasm' backend has no ConvBackward kernel; it runs on 'wasm' only: call initWasmBackend() first.",
        );
        expect(convKernelsUseSimd()).toBe(false);
      });
    } finally {
      registerConvKernels();
    }
  });
});
