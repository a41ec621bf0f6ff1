import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's ops only get gradients once they are registered (the @tensorflow/tfjs bundle does it).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { prng } from '@mnist-wasm/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../src/index';
import {
  bothBackends,
  type Conv,
  convCases,
  convGradients,
  on,
  outputShape,
  relativeDifference,
  type Shape4,
  sizeOf,
  values,
} from './conv-gradient-cases';

// The conv2d and depthwiseConv2d gradients of the training kernels against tfjs-backend-cpu's,
// on random convolutions, in NHWC and in NCHW.
describe('training kernels', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  afterAll(async () => {
    await tf.setBackend('wasm');
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
});
