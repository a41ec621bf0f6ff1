import * as tf from '@tensorflow/tfjs-core';
import { PoolOperandError } from '../errors';
import { PoolBackward } from '../kernel-names';
import { checkDenseKernel } from './dense-operands';
import { checkPoolOperand } from './pool-operands';

/**
 * The `maxPoolBackward` op: the gradient of a MaxPooling2D layer's input given the loss gradient
 * of its output, in one call of the 'wasm' kernel {@link PoolBackward}: zeros, except that each
 * output's gradient goes to where its window's maximum was, the `argmax` {@link maxPoolForward}
 * returned (added in output order where windows overlap; an argmax of -1 sends it nowhere).
 *
 * @param dOutput - The loss gradient of the layer's output, float32 `[n, oh, ow, c]`.
 * @param argmax - The forward pass's argmax, int32 of `dOutput`'s shape.
 * @param inputShape - The forward input's shape `[n, h, w, c]`, the shape of the result; `n` and
 *   `c` are `dOutput`'s, `h >= oh` and `w >= ow`.
 * @returns `dx`, float32 `inputShape`.
 * @throws KernelNotRegisteredError if the active backend has no `PoolBackward` kernel (it is not
 *   'wasm', or `initWasmBackend()` was not called).
 * @throws PoolOperandError if `dOutput` is not float32 of rank 4, `argmax` not int32 of its shape,
 *   or `inputShape` does not fit `dOutput`.
 *
 * @example
 * ```ts
 * await initWasmBackend();
 * const x = tf.tensor4d([1, 3, 3, 2], [1, 2, 2, 1]);
 * const { output, argmax } = maxPoolForward(x);
 * maxPoolBackward(tf.onesLike(output), argmax, x.shape).print(); // [1, 0, 0, 0] as [1, 2, 2, 1]
 * ```
 */
export function maxPoolBackward(
  dOutput: tf.Tensor,
  argmax: tf.Tensor,
  inputShape: readonly number[],
): tf.Tensor4D {
  const caller = 'maxPoolBackward';
  checkDenseKernel(caller, PoolBackward);
  checkPoolOperand(caller, 'dOutput', dOutput, 'float32', [-1, -1, -1, -1], '(NHWC)');
  const [n, oh, ow, c] = dOutput.shape as [number, number, number, number];
  checkPoolOperand(caller, 'argmax', argmax, 'int32', dOutput.shape, "to fit dOutput's shape");
  const fits =
    inputShape.length === 4 &&
    inputShape.every((size) => Number.isInteger(size)) &&
    inputShape[0] === n &&
    inputShape[3] === c &&
    inputShape[1]! >= oh &&
    inputShape[2]! >= ow;
  if (!fits) {
    throw new PoolOperandError(
      caller,
      'inputShape',
      `${caller}: inputShape is [${inputShape}]; expected [${n}, h >= ${oh}, w >= ${ow}, ${c}] to` +
        ` fit dOutput float32 [${dOutput.shape}]: pass the shape of the forward pass's input.`,
    );
  }
  return tf.engine().runKernel(PoolBackward, { dy: dOutput, argmax }, {
    inputShape: [...inputShape],
  } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}
