import {
  type ConvActivation,
  type ConvPadding,
  conv2dBackward,
  conv2dForward,
} from '@mnist-wasm/backend';
import type * as tf from '@tensorflow/tfjs-core';
import type { LayerBackward, LayerForward, PassMode, PlanLayer } from './layer';

/** A Conv2D layer's variables, activation and padding (stride 1, channels last). */
export interface Conv2dLayerConfig {
  /** `[kh, kw, c, f]`, as Keras stores it. */
  filter: tf.Variable;
  /** `[f]`, or null for a layer without bias. */
  bias: tf.Variable | null;
  activation: ConvActivation;
  padding: ConvPadding;
}

/** What {@link conv2dLayer}'s backward needs. */
export interface Conv2dSaved {
  /** The input, `[n, h, w, c]`. */
  x: tf.Tensor;
  /** The output, `[n, oh, ow, f]`: its zeros gate the ReLU gradient. */
  output: tf.Tensor;
}

/**
 * Conv2D with its bias and activation, stride 1, 'valid' or 'same' padding: one `conv2dForward`
 * and one `conv2dBackward` of `@mnist-wasm/backend` each way, on the filter as stored.
 */
export function conv2dLayer(config: Conv2dLayerConfig): PlanLayer<Conv2dSaved> {
  const { filter, bias, activation, padding } = config;
  return {
    kind: 'conv2d',
    variables: bias === null ? [filter] : [filter, bias],
    // [n, h, w, c] -> [n, oh, ow, f] = activation(x ⊛ filter + bias)
    forward(x: tf.Tensor, _mode: PassMode): LayerForward<Conv2dSaved> {
      const pass = conv2dForward(x, filter, { bias: bias ?? undefined, activation, padding });
      return {
        output: pass.output,
        saved: { x, output: pass.output },
        finiteCheck: pass.finiteCheck,
      };
    },
    // d[n, oh, ow, f] -> dFilter [kh, kw, c, f], dBias [f], dx [n, h, w, c]
    backward(dOutput, saved, inputGradient): LayerBackward {
      const gradients = conv2dBackward(saved.x, filter, saved.output, dOutput, {
        activation,
        padding,
        bias: bias !== null,
        inputGradient,
      });
      const grads: tf.NamedTensorMap = { [filter.name]: gradients.dFilter };
      if (bias !== null) grads[bias.name] = gradients.dBias!;
      return { dInput: gradients.dx ?? null, grads, finiteCheck: gradients.finiteCheck };
    },
  };
}
