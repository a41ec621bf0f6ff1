import * as tf from '@tensorflow/tfjs-core';
import { PoolForward } from '../kernel-names';
import { checkDenseKernel } from './dense-operands';
import { checkPoolOperand, checkPoolWindows } from './pool-operands';

/** Options of {@link maxPoolForward}. */
export interface MaxPoolForwardOptions {
  /** The side of the square window, a whole number >= 1; 2 by default (Keras' `pool_size`). */
  size?: number;
  /** Places between windows, a whole number >= 1; `size` by default (Keras' `strides`). */
  stride?: number;
}

/** What {@link maxPoolForward} returns: new tensors, owned by the caller. */
export interface MaxPoolForwardResult {
  /** The window maxima, float32 `[n, oh, ow, c]`, `oh = ⌊(h - size) / stride⌋ + 1`, ow likewise. */
  output: tf.Tensor4D;
  /**
   * int32, `output`'s shape: where each maximum is within its example, `y·w·c + x·c + channel` of
   * the input (the first maximum of its window in row-major order, as TensorFlow chooses on ties);
   * -1 when no value of the window is above -∞ (all -∞ or NaN; its output is then -∞). What
   * {@link maxPoolBackward} needs.
   */
  argmax: tf.Tensor4D;
}

/**
 * The `maxPoolForward` op: a MaxPooling2D layer's training forward pass (valid padding, as Keras'
 * default), in one call of the 'wasm' kernel {@link PoolForward} (WebAssembly SIMD over the
 * channels), which also saves where each maximum is, so that the backward pass
 * ({@link maxPoolBackward}) need not search the windows again. The tape does not differentiate it.
 *
 * @param x - The layer's input, float32 `[n, h, w, c]` (NHWC), `h` and `w` at least `size`.
 * @param options - `size` of the window (2) and `stride` (`size`).
 * @returns The pooled output `[n, oh, ow, c]` and its argmax.
 * @throws KernelNotRegisteredError if the active backend has no `PoolForward` kernel (it is not
 *   'wasm', or `initWasmBackend()` was not called).
 * @throws BackendOptionError if `size` or `stride` is not a whole number >= 1.
 * @throws PoolOperandError if `x` is not float32 of rank 4, or smaller than one window.
 *
 * @example
 * ```ts
 * await initWasmBackend();
 * const { output, argmax } = maxPoolForward(tf.tensor4d([1, 3, 3, 2], [1, 2, 2, 1]));
 * output.print(); // [[[[3]]]]
 * argmax.print(); // [[[[1]]]]   (the first 3)
 * ```
 */
export function maxPoolForward(
  x: tf.Tensor,
  options: MaxPoolForwardOptions = {},
): MaxPoolForwardResult {
  const caller = 'maxPoolForward';
  checkDenseKernel(caller, PoolForward);
  const { size = 2 } = options;
  const { stride = size } = options;
  checkPoolOperand(caller, 'x', x, 'float32', [-1, -1, -1, -1], '(NHWC)');
  checkPoolWindows(caller, 'x', x.shape, size, stride);
  const [output, argmax] = tf
    .engine()
    .runKernel(PoolForward, { x }, { size, stride }) as unknown as [tf.Tensor4D, tf.Tensor4D];
  return { output: output!, argmax: argmax! };
}
