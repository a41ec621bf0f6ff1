import * as tf from '@tensorflow/tfjs-core';
import { DenseOperandError, KernelNotRegisteredError } from '../errors';

/** Throws KernelNotRegisteredError unless the active backend is 'wasm' with `kernelName` registered. */
export function checkDenseKernel(caller: string, kernelName: string): void {
  if (tf.getBackend() !== 'wasm' || tf.getKernel(kernelName, 'wasm') === undefined) {
    throw new KernelNotRegisteredError(
      caller,
      kernelName,
      tf.getBackend(),
      "it runs on 'wasm' only: call initWasmBackend() first",
    );
  }
}

/**
 * Throws DenseOperandError unless `tensor` is float32 of shape `expected` (-1 matches any size).
 * The message names the operand, its shape and the shape the others imply.
 */
export function checkOperand(
  caller: string,
  operand: string,
  tensor: tf.Tensor,
  expected: readonly number[],
): void {
  const fits =
    tensor.dtype === 'float32' &&
    tensor.shape.length === expected.length &&
    expected.every((size, i) => size === -1 || size === tensor.shape[i]);
  if (!fits) {
    const wanted = expected.map((size) => (size === -1 ? '*' : size)).join(', ');
    throw new DenseOperandError(
      caller,
      operand,
      `${caller}: ${operand} is ${tensor.dtype} [${tensor.shape}]; expected float32 [${wanted}]` +
        ' to fit the other operands (x [rows, k], kernel [k, n], bias [n], output and mask [rows, n]).',
    );
  }
}
