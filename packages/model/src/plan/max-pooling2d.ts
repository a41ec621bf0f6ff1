import * as tf from '@tensorflow/tfjs-core';
import type { LayerBackward, LayerForward, PassMode, PlanLayer } from './layer';
import { noGradients } from './layer';

/** What {@link maxPooling2dLayer}'s backward needs. */
export interface MaxPooling2dSaved {
  /** The input, `[n, h, w, c]`. */
  x: tf.Tensor4D;
  /** The output, `[n, oh, ow, c]`. */
  output: tf.Tensor4D;
}

/** MaxPooling2D of square windows of `size`, moved by `stride`, 'valid' padding, channels last. */
export function maxPooling2dLayer(size: number, stride: number): PlanLayer<MaxPooling2dSaved> {
  return {
    kind: 'maxPooling2d',
    variables: [],
    // [n, h, w, c] -> [n, (h - size) / stride + 1, (w - size) / stride + 1, c]
    forward(x: tf.Tensor, _mode: PassMode): LayerForward<MaxPooling2dSaved> {
      const input = x as tf.Tensor4D;
      const output = tf.maxPool(input, size, stride, 'valid');
      return { output, saved: { x: input, output }, finiteCheck: null };
    },
    // d[n, oh, ow, c] -> dx [n, h, w, c]: each gradient to the max of its window
    backward(dOutput, saved, inputGradient): LayerBackward {
      if (!inputGradient) return noGradients(null);
      const dInput = tf
        .engine()
        .runKernel(
          tf.MaxPoolGrad,
          { dy: dOutput, input: saved.x, output: saved.output },
          { filterSize: size, strides: stride, pad: 'valid' },
        ) as tf.Tensor;
      return noGradients(dInput);
    },
  };
}
