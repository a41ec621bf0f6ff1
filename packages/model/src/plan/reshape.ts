import * as tf from '@tensorflow/tfjs-core';
import type { LayerBackward, LayerForward, PassMode, PlanLayer } from './layer';
import { noGradients } from './layer';

/** What {@link reshapeLayer}'s backward needs: the input's shape. */
export interface ReshapeSaved {
  inputShape: number[];
}

/**
 * Flatten, or Reshape to `targetShape` (per example; one entry may be -1): the values as they
 * are, in another shape.
 */
export function reshapeLayer(
  kind: 'flatten' | 'reshape',
  targetShape: readonly number[],
): PlanLayer<ReshapeSaved> {
  return {
    kind,
    variables: [],
    // [n, ...in] -> [n, ...targetShape]
    forward(x: tf.Tensor, _mode: PassMode): LayerForward<ReshapeSaved> {
      const output = tf.reshape(x, [x.shape[0] as number, ...targetShape]);
      return { output, saved: { inputShape: x.shape.slice() }, finiteCheck: null };
    },
    // d[n, ...targetShape] -> d[n, ...in]
    backward(dOutput, saved, inputGradient): LayerBackward {
      return noGradients(inputGradient ? tf.reshape(dOutput, saved.inputShape) : null);
    },
  };
}

/** Flatten: `[n, ...]` to `[n, features]`. */
export function flattenLayer(): PlanLayer<ReshapeSaved> {
  return reshapeLayer('flatten', [-1]);
}
