import { type DenseActivation, denseBackward, denseForward } from '@mnist-wasm/backend';
import type * as tf from '@tensorflow/tfjs-core';
import type { SeededDropout } from './dropout';
import type { LayerBackward, LayerForward, PassMode, PlanLayer } from './layer';

/** A Dense layer's variables and activation, and the Dropout that follows it, if any. */
export interface DenseLayerConfig {
  /** `[k, units]`, as Keras stores it. */
  kernel: tf.Variable;
  /** `[units]`, or null for a layer without bias. */
  bias: tf.Variable | null;
  activation: DenseActivation;
  /**
   * The Dropout layer right after this one: its mask multiplies this layer's output inside the
   * same kernel call (forward and backward), so it costs no pass of its own.
   */
  dropout: SeededDropout | null;
}

/** What {@link denseLayer}'s backward needs. */
export interface DenseSaved {
  /** The input, `[n, k]`. */
  x: tf.Tensor;
  /** The output, `[n, units]`: its zeros gate the ReLU gradient. */
  output: tf.Tensor;
  /** The dropout mask `[n, units]`, or null (no dropout, or inference). */
  mask: tf.Tensor | null;
}

/**
 * Dense (with its activation, and the Dropout that follows it): one `denseForward` and one
 * `denseBackward` of `@mnist-wasm/backend` each way, on the weights as stored.
 */
export function denseLayer(config: DenseLayerConfig): PlanLayer<DenseSaved> {
  const { kernel, bias, activation, dropout } = config;
  const units = kernel.shape[1] as number;
  return {
    kind: 'dense',
    variables: bias === null ? [kernel] : [kernel, bias],
    // [n, k] -> [n, units] = activation(x · kernel + bias) · mask
    forward(x: tf.Tensor, mode: PassMode): LayerForward<DenseSaved> {
      const mask =
        mode.training && dropout !== null
          ? dropout.mask([x.shape[0] as number, units], mode.random)
          : null;
      const pass = denseForward(x, kernel, {
        bias: bias ?? undefined,
        activation,
        mask: mask ?? undefined,
      });
      return {
        output: pass.output,
        saved: { x, output: pass.output, mask },
        finiteCheck: pass.finiteCheck,
      };
    },
    // d[n, units] -> dKernel [k, units], dBias [units], dx [n, k]
    backward(dOutput, saved, inputGradient): LayerBackward {
      const gradients = denseBackward(dOutput, {
        x: saved.x,
        kernel,
        output: saved.output,
        activation,
        mask: saved.mask ?? undefined,
        bias: bias !== null,
        inputGradient,
      });
      const grads: tf.NamedTensorMap = { [kernel.name]: gradients.kernel };
      if (bias !== null) grads[bias.name] = gradients.bias!;
      return { dInput: gradients.input, grads, finiteCheck: gradients.finiteCheck };
    },
  };
}
