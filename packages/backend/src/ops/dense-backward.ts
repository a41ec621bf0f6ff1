import * as tf from '@tensorflow/tfjs-core';
import { DenseOperandError } from '../errors';
import { type DenseActivation, DenseBackward } from '../kernel-names';
import { checkDenseKernel, checkOperand } from './dense-operands';

/** What {@link denseBackward} needs of the forward pass, as {@link denseForward} had it. */
export interface DenseBackwardOperands {
  /** The layer's input, float32 `[rows, k]`. */
  x: tf.Tensor;
  /** The layer's kernel, float32 `[k, n]`. */
  kernel: tf.Tensor;
  /** The forward output `[rows, n]`: required with ReLU, whose gradient passes where it is > 0. */
  output?: tf.Tensor;
  /** `'relu'` or `'linear'` (default), as in the forward pass. */
  activation?: DenseActivation;
  /** The forward pass's dropout mask `[rows, n]`, if it had one. */
  mask?: tf.Tensor;
  /** Whether the layer has a bias (its gradient is then returned). Default false. */
  bias?: boolean;
  /** Whether to return the gradient for `x` (an earlier layer needs it). Default false. */
  inputGradient?: boolean;
}

/** What {@link denseBackward} returns: new tensors, owned by the caller. */
export interface DenseGradients {
  /** The loss gradient of the kernel, `[k, n]`. */
  kernel: tf.Tensor2D;
  /** Of the bias, `[n]`, when `bias` was asked for; otherwise null. */
  bias: tf.Tensor1D | null;
  /** Of `x`, `[rows, k]`, when `inputGradient` was asked for; otherwise null. */
  input: tf.Tensor2D | null;
  /**
   * A float32 scalar: 0 when the kernel and bias gradients are finite, NaN when one is not. An
   * optimizer step with a non-finite gradient would leave non-finite weights.
   */
  finiteCheck: tf.Scalar;
}

/**
 * The `denseBackward` op: the gradients of a Dense layer's {@link denseForward} given the loss
 * gradient of its output, in one call of the 'wasm' kernel {@link DenseBackward}:
 * `dz = dOutput · mask · (output > 0 for ReLU)`, kernel `xᵀ · dz`, bias `Σ dz` over rows, input
 * `dz · kernelᵀ`, each on the operands as stored, skipping the zeros of `x` (and of `dz`), with a
 * finiteness check of the kernel and bias gradients.
 *
 * @param dOutput - The loss gradient of the layer's output, float32 `[rows, n]`.
 * @param operands - The forward pass's `x`, `kernel`, `output` (for ReLU), `mask`, `activation`,
 *   and which gradients to return besides the kernel's (`bias`, `inputGradient`).
 * @returns The gradients, each null when not asked for, and their check.
 * @throws KernelNotRegisteredError if the active backend has no `DenseBackward` kernel (it is not
 *   'wasm', or `initWasmBackend()` was not called).
 * @throws DenseOperandError if an operand is not float32 or does not fit the others' shapes, or
 *   `output` is missing with `activation: 'relu'`.
 *
 * @example
 * ```ts
 * await initWasmBackend();
 * const x = tf.tensor2d([[1, 2]]);
 * const kernel = tf.tensor2d([[1], [1]]);
 * const { output } = denseForward(x, kernel);
 * const grads = denseBackward(tf.onesLike(output), { x, kernel, bias: true, inputGradient: true });
 * grads.kernel.print(); // [[1], [2]]
 * grads.input?.print(); // [[1, 1]]
 * ```
 */
export function denseBackward(dOutput: tf.Tensor, operands: DenseBackwardOperands): DenseGradients {
  const caller = 'denseBackward';
  checkDenseKernel(caller, DenseBackward);
  const { x, kernel, output, mask, activation = 'linear' } = operands;
  const bias = operands.bias ?? false;
  const inputGradient = operands.inputGradient ?? false;
  checkOperand(caller, 'x', x, [-1, -1]);
  const [rows, k] = x.shape as [number, number];
  checkOperand(caller, 'kernel', kernel, [k, -1]);
  const n = kernel.shape[1] as number;
  checkOperand(caller, 'dOutput', dOutput, [rows, n]);
  if (mask !== undefined) checkOperand(caller, 'mask', mask, [rows, n]);
  const inputs: tf.NamedTensorMap = { dy: dOutput, x, kernel };
  if (activation === 'relu') {
    if (output === undefined) {
      throw new DenseOperandError(
        caller,
        'output',
        `${caller}: output is missing; with activation 'relu' pass the forward pass's output, where the gradient passes.`,
      );
    }
    checkOperand(caller, 'output', output, [rows, n]);
    inputs.y = output;
  }
  if (mask !== undefined) inputs.mask = mask;
  const outputs = tf.engine().runKernel(DenseBackward, inputs, {
    activation,
    bias,
    inputGradient,
  }) as unknown as tf.Tensor[];
  let next = 0;
  const dKernel = outputs[next++] as tf.Tensor2D;
  const dBias = bias ? (outputs[next++] as tf.Tensor1D) : null;
  const dInput = inputGradient ? (outputs[next++] as tf.Tensor2D) : null;
  const finiteCheck = outputs[next] as tf.Scalar;
  return { kernel: dKernel, bias: dBias, input: dInput, finiteCheck };
}
