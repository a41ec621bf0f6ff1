import {
  type ConvActivation,
  type ConvPadding,
  conv2dBackward,
  conv2dForward,
} from '@mnist-wasm/backend';
import type * as tf from '@tensorflow/tfjs-core';
import type { LayerBackward, LayerForward, PassMode, PlanLayer } from './layer';

/** A MaxPooling2D layer's windows: `size` x `size`, every `stride` places, 'valid' padding. */
export interface MaxPoolWindows {
  size: number;
  stride: number;
}

/**
 * A Conv2D layer's variables, activation and padding (stride 1, channels last), and the
 * MaxPooling2D that follows it, if any.
 */
export interface Conv2dLayerConfig {
  /** `[kh, kw, c, f]`, as Keras stores it. */
  filter: tf.Variable;
  /** `[f]`, or null for a layer without bias. */
  bias: tf.Variable | null;
  activation: ConvActivation;
  padding: ConvPadding;
  /**
   * The MaxPooling2D layer right after this one: its forward runs inside this layer's forward
   * kernel call, and its backward inside this layer's backward kernel call (from the pool's
   * argmax), so the gradient of the convolution's output is never a tensor of its own.
   */
  pool: MaxPoolWindows | null;
}

/** What {@link conv2dLayer}'s backward needs. */
export interface Conv2dSaved {
  /** The input, `[n, h, w, c]`. */
  x: tf.Tensor;
  /** The convolution's output, `[n, oh, ow, f]`: its zeros gate the ReLU gradient. */
  output: tf.Tensor;
  /**
   * With a pool: the pool's output and where each of its maxima is in its example of `output`;
   * else null.
   */
  pool: { output: tf.Tensor; argmax: tf.Tensor } | null;
}

/**
 * Conv2D with its bias and activation, stride 1, 'valid' or 'same' padding (and the MaxPooling2D
 * that follows it): one `conv2dForward` forward and one `conv2dBackward` back, of
 * `@mnist-wasm/backend`, each with the pool when there is one, on the filter as stored.
 */
export function conv2dLayer(config: Conv2dLayerConfig): PlanLayer<Conv2dSaved> {
  const { filter, bias, activation, padding, pool } = config;
  return {
    kind: 'conv2d',
    variables: bias === null ? [filter] : [filter, bias],
    // [n, h, w, c] -> [n, oh, ow, f] = activation(x ⊛ filter + bias), then with a pool
    // -> [n, ⌊(oh - size) / stride⌋ + 1, ⌊(ow - size) / stride⌋ + 1, f]
    forward(x: tf.Tensor, _mode: PassMode): LayerForward<Conv2dSaved> {
      const pass = conv2dForward(x, filter, {
        bias: bias ?? undefined,
        activation,
        padding,
        pool: pool ?? undefined,
      });
      return {
        output: pass.pool?.output ?? pass.output,
        saved: { x, output: pass.output, pool: pass.pool },
        finiteCheck: pass.finiteCheck,
      };
    },
    // d[n, oh, ow, f] (the pool's output with a pool) -> dFilter [kh, kw, c, f], dBias [f],
    // dx [n, h, w, c]
    backward(dOutput, saved, inputGradient): LayerBackward {
      const gradients = conv2dBackward(saved.x, filter, saved.output, dOutput, {
        activation,
        padding,
        bias: bias !== null,
        inputGradient,
        pool: saved.pool ?? undefined,
      });
      const grads: tf.NamedTensorMap = { [filter.name]: gradients.dFilter };
      if (bias !== null) grads[bias.name] = gradients.dBias!;
      return { dInput: gradients.dx ?? null, grads, finiteCheck: gradients.finiteCheck };
    },
  };
}
