import * as tf from '@tensorflow/tfjs-core';
import { type ConvActivation, ConvForward, type ConvPadding } from '../kernel-names';
import { checkConvOperand, checkConvOptions, convOutputShape } from './conv-operands';
import { checkDenseKernel as checkKernel } from './dense-operands';
import type { MaxPoolForwardResult } from './max-pool-forward';
import { checkPoolWindows } from './pool-operands';

/** Options of {@link conv2dForward}. */
export interface Conv2dForwardOptions {
  /** The layer's bias, `[f]`; none by default. */
  bias?: tf.Tensor;
  /** `'relu'` or `'linear'` (default). */
  activation?: ConvActivation;
  /** `'valid'` (default, as Keras') or `'same'`. */
  padding?: ConvPadding;
  /**
   * The max-pool that follows the layer (square windows of `size`, every `stride` places, valid
   * padding), run on the output in the same kernel call, as `maxPoolForward` would; none by default.
   */
  pool?: { size: number; stride: number };
}

/** What {@link conv2dForward} returns: new tensors, owned by the caller. */
export interface Conv2dForwardResult {
  /** `activation(conv2d(x, filter) + bias)`, `[n, oh, ow, f]`. */
  output: tf.Tensor4D;
  /**
   * A float32 scalar: 0 when every pre-activation was finite, NaN when one was not. ReLU maps
   * -Infinity to 0, so the output alone cannot show a diverged weight.
   */
  finiteCheck: tf.Scalar;
  /** With `options.pool`: the pool's output and argmax, as `maxPoolForward` of `output` gives them. */
  pool: MaxPoolForwardResult | null;
}

/**
 * The `conv2dForward` op: a Conv2D layer's training forward pass at stride 1,
 * `activation(conv2d(x, filter) + bias)`, in one call of the 'wasm' kernel {@link ConvForward}
 * (WebAssembly SIMD loops on the filter as stored, skipping the zeros of `x`, the bias and ReLU
 * applied as each output is written) instead of a conv2d, an add and a ReLU. The tape does not
 * differentiate it: {@link conv2dBackward} is its backward.
 *
 * @param x - The layer's input, float32 `[n, h, w, c]` (NHWC, channels last).
 * @param filter - The layer's kernel, float32 `[kh, kw, c, f]` (as Keras stores it).
 * @param options - `bias` `[f]`, `activation` (`'linear'` by default), `padding` (`'valid'` by
 *   default: `oh = h - kh + 1`; `'same'`: `oh = h`, padded as TensorFlow pads), and `pool`, the
 *   max-pool that follows (`size` and `stride`).
 * @returns The output `[n, oh, ow, f]`, a finiteness check of the pre-activations, and with
 *   `pool` the pool's output `[n, ⌊(oh - size) / stride⌋ + 1, …, f]` and argmax.
 * @throws KernelNotRegisteredError if the active backend has no `ConvForward` kernel (it is not
 *   'wasm', or `initWasmBackend()` was not called).
 * @throws ConvOperandError if an operand is not float32 or does not fit the others' shapes (the
 *   message names both shapes).
 * @throws BackendOptionError if `activation` or `padding` is not one of the above, or the pool's
 *   `size` or `stride` is not a whole number >= 1.
 * @throws PoolOperandError if the output is smaller than one pool window.
 *
 * @example
 * ```ts
 * await initWasmBackend();
 * const x = tf.ones([1, 3, 3, 1]);
 * const { output, finiteCheck } = conv2dForward(x, tf.ones([2, 2, 1, 1]), {
 *   bias: tf.tensor1d([-3]),
 *   activation: 'relu',
 * });
 * output.print(); // [[[[1], [1]], [[1], [1]]]]   (relu(4 - 3))
 * finiteCheck.print(); // 0
 * ```
 */
export function conv2dForward(
  x: tf.Tensor,
  filter: tf.Tensor,
  options: Conv2dForwardOptions = {},
): Conv2dForwardResult {
  const caller = 'conv2dForward';
  checkKernel(caller, ConvForward);
  const { bias, activation = 'linear', padding = 'valid', pool } = options;
  checkConvOptions(caller, activation, padding);
  checkConvOperand(caller, 'x', x, [-1, -1, -1, -1]);
  const c = x.shape[3] as number;
  checkConvOperand(caller, 'filter', filter, [-1, -1, c, -1], { name: 'x', tensor: x });
  const outputShape = convOutputShape(caller, x, filter, padding);
  if (pool !== undefined) checkPoolWindows(caller, 'output', outputShape, pool.size, pool.stride);
  const f = filter.shape[3] as number;
  if (bias !== undefined) {
    checkConvOperand(caller, 'bias', bias, [f], { name: 'filter', tensor: filter });
  }
  const inputs: tf.NamedTensorMap = { x, filter };
  if (bias !== undefined) inputs.bias = bias;
  const attrs = { activation, padding, poolSize: pool?.size ?? 0, poolStride: pool?.stride ?? 0 };
  const [output, finiteCheck, pooled, argmax] = tf
    .engine()
    .runKernel(ConvForward, inputs, attrs) as unknown as [
    tf.Tensor4D,
    tf.Scalar,
    tf.Tensor4D?,
    tf.Tensor4D?,
  ];
  return {
    output: output!,
    finiteCheck: finiteCheck!,
    pool: pooled === undefined ? null : { output: pooled, argmax: argmax! },
  };
}
