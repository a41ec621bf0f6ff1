import type { DenseActivation } from '@mnist-wasm/backend';
import * as tf from '@tensorflow/tfjs-core';
import type { LayerBackward, LayerForward, PassMode, PlanLayer } from './layer';

/** A Conv2D layer's variables, activation and padding (stride 1, channels last). */
export interface Conv2dLayerConfig {
  /** `[kh, kw, c, f]`, as Keras stores it. */
  filter: tf.Variable;
  /** `[f]`, or null for a layer without bias. */
  bias: tf.Variable | null;
  activation: DenseActivation;
  padding: 'valid' | 'same';
}

/** What {@link conv2dLayer}'s backward needs. */
export interface Conv2dSaved {
  /** The input, `[n, h, w, c]`. */
  x: tf.Tensor4D;
  /** The output, `[n, oh, ow, f]`: its zeros gate the ReLU gradient. */
  output: tf.Tensor4D;
}

/**
 * Conv2D with its bias and activation, stride 1, 'valid' or 'same' padding.
 */
export function conv2dLayer(config: Conv2dLayerConfig): PlanLayer<Conv2dSaved> {
  const { filter, bias, activation, padding } = config;
  return {
    kind: 'conv2d',
    variables: bias === null ? [filter] : [filter, bias],
    // [n, h, w, c] -> [n, oh, ow, f] = activation(x * filter + bias)
    forward(x: tf.Tensor, _mode: PassMode): LayerForward<Conv2dSaved> {
      const input = x as tf.Tensor4D;
      let z = tf.conv2d(input, filter as tf.Tensor4D, 1, padding);
      if (bias !== null) z = tf.add(z, bias);
      // ReLU maps -Infinity to 0: the pre-activations are checked, x * 0 being NaN for those.
      const finiteCheck = activation === 'relu' ? (tf.sum(tf.mul(z, 0)) as tf.Scalar) : null;
      const output = activation === 'relu' ? tf.relu(z) : z;
      return { output, saved: { x: input, output }, finiteCheck };
    },
    // d[n, oh, ow, f] -> dFilter [kh, kw, c, f], dBias [f], dx [n, h, w, c]
    backward(dOutput, saved, inputGradient): LayerBackward {
      const dz = activation === 'relu' ? tf.mul(dOutput, tf.step(saved.output)) : dOutput;
      const dFilter = tf
        .engine()
        .runKernel(
          tf.Conv2DBackpropFilter,
          { x: saved.x, dy: dz },
          { strides: [1, 1], pad: padding, dataFormat: 'NHWC', filterShape: filter.shape },
        ) as tf.Tensor;
      const grads: tf.NamedTensorMap = { [filter.name]: dFilter };
      if (bias !== null) grads[bias.name] = tf.sum(dz, [0, 1, 2]);
      const dInput = inputGradient
        ? tf.conv2dTranspose(dz as tf.Tensor4D, filter as tf.Tensor4D, saved.x.shape, 1, padding)
        : null;
      return { dInput, grads, finiteCheck: null };
    },
  };
}
