import type * as tf from '@tensorflow/tfjs-core';
import { PoolOperandError } from '../errors';

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
