import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's ops only get gradients once they are registered (the @tensorflow/tfjs bundle does it).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { prng } from '@mnist-wasm/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../src/index';
import {
  convCases,
  convGradients,
  on,
  outputShape,
  relativeDifference,
  type Shape4,
  sizeOf,
  values,
} from './conv-gradient-cases';

// The depthwise gradient kernels with dilations, which TF.js's own gradient refuses, against
// tfjs-backend-cpu's undilated gradients of the zero-inserted filter.
describe('training kernels', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  afterAll(async () => {
    await tf.setBackend('wasm');
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
});
