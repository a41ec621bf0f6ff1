import { maxPoolBackward, maxPoolForward } from '@mnist-wasm/backend';
import type * as tf from '@tensorflow/tfjs-core';
import type { LayerBackward, LayerForward, PassMode, PlanLayer } from './layer';
import { noGradients } from './layer';

/** What {@link maxPooling2dLayer}'s backward needs. */
export interface MaxPooling2dSaved {
  /** Where each output's maximum is within its example's input, int32 `[n, oh, ow, c]`. */
  argmax: tf.Tensor;
  /** The input's shape, `[n, h, w, c]`. */
  inputShape: readonly number[];
}

/**
 * MaxPooling2D of square windows of `size`, moved by `stride`, 'valid' padding, channels last:
 * `maxPoolForward` (which keeps each maximum's place) and `maxPoolBackward` of `@mnist-wasm/backend`.
 */
export function maxPooling2dLayer(size: number, stride: number): PlanLayer<MaxPooling2dSaved> {
  return {
    kind: 'maxPooling2d',
    variables: [],
    // [n, h, w, c] -> [n, ⌊(h - size) / stride⌋ + 1, ⌊(w - size) / stride⌋ + 1, c]
    forward(x: tf.Tensor, _mode: PassMode): LayerForward<MaxPooling2dSaved> {
      const { output, argmax } = maxPoolForward(x, { size, stride });
      return { output, saved: { argmax, inputShape: x.shape }, finiteCheck: null };
    },
    // d[n, oh, ow, c] -> dx [n, h, w, c]: each gradient to its window's maximum
    backward(dOutput, saved, inputGradient): LayerBackward {
      if (!inputGradient) return noGradients(null);
      return noGradients(maxPoolBackward(dOutput, saved.argmax, saved.inputShape));
    },
  };
}
