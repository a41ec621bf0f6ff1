import type * as tf from '@tensorflow/tfjs-core';
import { BackendOptionError, PoolOperandError } from '../errors';

/**
 * Checks a max-pool's windows on its input `operand` (float32 `[n, h, w, c]`): throws
 * BackendOptionError unless `size` and `stride` are whole numbers >= 1, and PoolOperandError
 * unless `h` and `w` hold one window (valid padding).
 */
export function checkPoolWindows(
  caller: string,
  operand: string,
  shape: readonly number[],
  size: number,
  stride: number,
): void {
  for (const [option, value] of [
    ['size', size],
    ['stride', stride],
  ] as const) {
    if (!(Number.isInteger(value) && value >= 1)) {
      throw new BackendOptionError(caller, option, value, 'a whole number >= 1');
    }
  }
  const [, h, w] = shape as [number, number, number, number];
  if (h < size || w < size) {
    throw new PoolOperandError(
      caller,
      operand,
      `${caller}: ${operand} is float32 [${shape}]; expected float32 [*, h, w, *] with h and w >= ${size}` +
        ` to hold one ${size} × ${size} window (valid padding): pass a larger input or a smaller size.`,
    );
  }
}

/**
 * Throws PoolOperandError unless `tensor` has `dtype` and shape `expected` (-1 matches any size
 * from 1 up). The message names the operand, its shape and the shape the others imply.
 */
export function checkPoolOperand(
  caller: string,
  operand: string,
  tensor: tf.Tensor,
  dtype: 'float32' | 'int32',
  expected: readonly number[],
  because: string,
): void {
  const fits =
    tensor.dtype === dtype &&
    tensor.shape.length === expected.length &&
    expected.every((size, i) => (size === -1 ? tensor.shape[i]! >= 1 : size === tensor.shape[i]));
  if (!fits) {
    const wanted = expected.map((size) => (size === -1 ? '*' : size)).join(', ');
    throw new PoolOperandError(
      caller,
      operand,
      `${caller}: ${operand} is ${tensor.dtype} [${tensor.shape}]; expected ${dtype} [${wanted}] ${because}.`,
    );
  }
}
