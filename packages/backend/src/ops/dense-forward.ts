import * as tf from '@tensorflow/tfjs-core';
import { type DenseActivation, DenseForward } from '../kernel-names';
import { checkDenseKernel, checkOperand } from './dense-operands';

/** Options of {@link denseForward}. */
export interface DenseForwardOptions {
  /** The layer's bias, `[n]`; none by default. */
  bias?: tf.Tensor;
  /** `'relu'` or `'linear'` (default). */
  activation?: DenseActivation;
  /** A dropout mask to multiply the activation by, `[rows, n]` (0 or `1 / (1 - rate)` each). */
  mask?: tf.Tensor;
}

/** What {@link denseForward} returns: new tensors, owned by the caller. */
export interface DenseForwardResult {
  /** `activation(x · kernel + bias) · mask`, `[rows, n]`. */
  output: tf.Tensor2D;
  /**
   * A float32 scalar: 0 when every pre-activation `x · kernel + bias` was finite, NaN when one was
   * not. ReLU maps -Infinity to 0, so the output alone cannot show a diverged weight.
   */
  finiteCheck: tf.Scalar;
}

/**
 * The `denseForward` op: a Dense layer's training forward pass,
 * `activation(x · kernel + bias) · mask`, in one call of the 'wasm' kernel {@link DenseForward}
 * (WebAssembly SIMD loops on the kernel as stored, skipping the zeros of `x`) instead of a matMul,
 * an add, a ReLU and a multiply, each a round trip through the engine, with the kernel packed
 * anew on every step. The tape does not differentiate it: {@link denseBackward} is its backward.
 *
 * @param x - The layer's input, float32 `[rows, k]`.
 * @param kernel - The layer's kernel, float32 `[k, n]` (row-major, as Keras stores it).
 * @param options - `bias` `[n]`, `activation` (`'linear'` by default), dropout `mask` `[rows, n]`.
 * @returns The output `[rows, n]` and a finiteness check of the pre-activations.
 * @throws KernelNotRegisteredError if the active backend has no `DenseForward` kernel (it is not
 *   'wasm', or `initWasmBackend()` was not called).
 * @throws DenseOperandError if an operand is not float32 or does not fit the others' shapes.
 *
 * @example
 * ```ts
 * await initWasmBackend();
 * const { output, finiteCheck } = denseForward(tf.tensor2d([[1, -2]]), tf.tensor2d([[1], [1]]), {
 *   bias: tf.tensor1d([0.5]),
 *   activation: 'relu',
 * });
 * output.print(); // [[0]]   (relu(1 - 2 + 0.5))
 * finiteCheck.print(); // 0
 * ```
 */
export function denseForward(
  x: tf.Tensor,
  kernel: tf.Tensor,
  options: DenseForwardOptions = {},
): DenseForwardResult {
  const caller = 'denseForward';
  checkDenseKernel(caller, DenseForward);
  checkOperand(caller, 'x', x, [-1, -1]);
  const [rows, k] = x.shape as [number, number];
  checkOperand(caller, 'kernel', kernel, [k, -1]);
  const n = kernel.shape[1] as number;
  const { bias, activation = 'linear', mask } = options;
  if (bias !== undefined) checkOperand(caller, 'bias', bias, [n]);
  if (mask !== undefined) checkOperand(caller, 'mask', mask, [rows, n]);
  const inputs: tf.NamedTensorMap = { x, kernel };
  if (bias !== undefined) inputs.bias = bias;
  if (mask !== undefined) inputs.mask = mask;
  const [output, finiteCheck] = tf
    .engine()
    .runKernel(DenseForward, inputs, { activation }) as unknown as [tf.Tensor2D, tf.Scalar];
  return { output: output!, finiteCheck: finiteCheck! };
}
