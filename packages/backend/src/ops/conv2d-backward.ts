import * as tf from '@tensorflow/tfjs-core';
import { ConvOperandError } from '../errors';
import { type ConvActivation, ConvBackward, type ConvPadding } from '../kernel-names';
import { checkConvOperand, checkConvOptions, convOutputShape } from './conv-operands';
import { checkDenseKernel as checkKernel } from './dense-operands';

/** Options of {@link conv2dBackward}. */
export interface Conv2dBackwardOptions {
  /** `'relu'` or `'linear'` (default), as in the forward pass. */
  activation?: ConvActivation;
  /** `'valid'` (default) or `'same'`, as in the forward pass. */
  padding?: ConvPadding;
  /** Whether the layer has a bias (its gradient is then returned). Default false. */
  bias?: boolean;
  /** Whether to return the gradient for `x` (an earlier layer needs it). Default false. */
  inputGradient?: boolean;
  /**
   * For a layer followed by a MaxPooling2D: the pool's `output` and `argmax` (int32), `[n, ph, pw,
   * f]`, as `maxPoolForward` of this layer's `output` returned them. `dOutput` is then the loss
   * gradient of the pool's output, of their shape, and the pool's backward runs inside the same
   * kernel call (the same results as `maxPoolBackward` and then this op, without the gradient of
   * this layer's `output` between).
   */
  pool?: { output: tf.Tensor; argmax: tf.Tensor };
}

/** What {@link conv2dBackward} returns: new tensors, owned by the caller. */
export interface Conv2dGradients {
  /** The loss gradient of the filter, `[kh, kw, c, f]`. */
  dFilter: tf.Tensor4D;
  /** Of the bias, `[f]`, when `bias` was asked for. */
  dBias?: tf.Tensor1D;
  /** Of `x`, `[n, h, w, c]`, when `inputGradient` was asked for. */
  dx?: tf.Tensor4D;
  /**
   * A float32 scalar: 0 when the filter and bias gradients are finite, NaN when one is not. An
   * optimizer step with a non-finite gradient would leave non-finite weights.
   */
  finiteCheck: tf.Scalar;
}

/**
 * The `conv2dBackward` op: the gradients of a Conv2D layer's {@link conv2dForward} (stride 1) given
 * the loss gradient of its output, in one call of the 'wasm' kernel {@link ConvBackward}:
 * `dz = dOutput · (output > 0 for ReLU)`, the filter gradient `Σ x ⊗ dz` over the positions, the
 * bias gradient `Σ dz` in the same pass, and the input gradient (the transposed convolution of
 * `dz`), skipping the zeros of `x` and the all-zero rows of `dz`, with a finiteness check of the
 * filter and bias gradients.
 *
 * @param x - The layer's input, float32 `[n, h, w, c]`, as the forward pass had it.
 * @param filter - The layer's kernel, float32 `[kh, kw, c, f]`.
 * @param output - The forward pass's output `[n, oh, ow, f]`: with ReLU, the gradient passes
 *   where it is > 0.
 * @param dOutput - The loss gradient of `output`, float32 `[n, oh, ow, f]` (with
 *   `options.pool`, of the pool's output instead, `[n, ph, pw, f]`).
 * @param options - `activation` and `padding` as in the forward pass, which gradients to
 *   return besides the filter's (`bias`, `inputGradient`), and `pool` for a layer followed by a
 *   max-pool.
 * @returns The gradients asked for and their check.
 * @throws KernelNotRegisteredError if the active backend has no `ConvBackward` kernel (it is not
 *   'wasm', or `initWasmBackend()` was not called).
 * @throws ConvOperandError if an operand is not float32 or does not fit the others' shapes (the
 *   message names both shapes).
 * @throws BackendOptionError if `activation` or `padding` is not one the kernel fuses.
 *
 * @example
 * ```ts
 * await initWasmBackend();
 * const x = tf.ones([1, 3, 3, 1]);
 * const filter = tf.ones([2, 2, 1, 1]);
 * const { output } = conv2dForward(x, filter);
 * const grads = conv2dBackward(x, filter, output, tf.onesLike(output), { bias: true });
 * grads.dFilter.print(); // [[[[4]], [[4]]], [[[4]], [[4]]]]
 * grads.dBias?.print(); // [4]
 * ```
 */
export function conv2dBackward(
  x: tf.Tensor,
  filter: tf.Tensor,
  output: tf.Tensor,
  dOutput: tf.Tensor,
  options: Conv2dBackwardOptions = {},
): Conv2dGradients {
  const caller = 'conv2dBackward';
  checkKernel(caller, ConvBackward);
  const { activation = 'linear', padding = 'valid' } = options;
  const bias = options.bias ?? false;
  const inputGradient = options.inputGradient ?? false;
  checkConvOptions(caller, activation, padding);
  checkConvOperand(caller, 'x', x, [-1, -1, -1, -1]);
  const c = x.shape[3] as number;
  checkConvOperand(caller, 'filter', filter, [-1, -1, c, -1], { name: 'x', tensor: x });
  const outputShape = convOutputShape(caller, x, filter, padding);
  const fits = { name: `x [${x.shape}] ⊛ filter`, tensor: filter };
  checkConvOperand(caller, 'output', output, outputShape, fits);
  const inputs: tf.NamedTensorMap = { x, filter, y: output, dy: dOutput };
  const pool = options.pool;
  if (pool === undefined) {
    checkConvOperand(caller, 'dOutput', dOutput, outputShape, fits);
  } else {
    const [n, , , f] = outputShape;
    checkConvOperand(caller, 'pool.output', pool.output, [n, -1, -1, f], {
      name: 'output',
      tensor: output,
    });
    const pooled = { name: 'pool.output', tensor: pool.output };
    checkConvOperand(caller, 'dOutput', dOutput, pool.output.shape, pooled);
    if (pool.argmax.dtype !== 'int32' || !tf.util.arraysEqual(pool.argmax.shape, dOutput.shape)) {
      throw new ConvOperandError(
        caller,
        'pool.argmax',
        `${caller}: pool.argmax is ${pool.argmax.dtype} [${pool.argmax.shape}]; expected int32 ` +
          `[${dOutput.shape}] to fit dOutput (the pool's argmax, as maxPoolForward returned it).`,
      );
    }
    inputs.pooled = pool.output;
    inputs.argmax = pool.argmax;
  }
  const outputs = tf.engine().runKernel(ConvBackward, inputs, {
    activation,
    padding,
    bias,
    inputGradient,
  }) as unknown as tf.Tensor[];
  let next = 0;
  const gradients: Conv2dGradients = {
    dFilter: outputs[next++] as tf.Tensor4D,
    finiteCheck: undefined as unknown as tf.Scalar,
  };
  if (bias) gradients.dBias = outputs[next++] as tf.Tensor1D;
  if (inputGradient) gradients.dx = outputs[next++] as tf.Tensor4D;
  gradients.finiteCheck = outputs[next] as tf.Scalar;
  return gradients;
}
