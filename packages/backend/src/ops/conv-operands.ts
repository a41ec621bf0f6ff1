import type * as tf from '@tensorflow/tfjs-core';
import { BackendOptionError, ConvOperandError } from '../errors';
import type { ConvActivation, ConvPadding } from '../kernel-names';

const SHAPES = 'x [n, h, w, c], filter [kh, kw, c, f], bias [f], output and dOutput [n, oh, ow, f]';

/**
 * Throws ConvOperandError unless `tensor` is float32 of shape `expected` (-1 matches any size).
 * The message names the operand and its shape, and the operand whose shape implies `expected`
 * (`fits`, e.g. `x` and its tensor) with that shape.
 */
export function checkConvOperand(
  caller: string,
  operand: string,
  tensor: tf.Tensor,
  expected: readonly number[],
  fits?: { name: string; tensor: tf.Tensor },
): void {
  const matches =
    tensor.dtype === 'float32' &&
    tensor.shape.length === expected.length &&
    expected.every((size, i) => size === -1 || size === tensor.shape[i]);
  if (matches) return;
  const wanted = expected.map((size) => (size === -1 ? '*' : size)).join(', ');
  const other = fits === undefined ? '' : ` to fit ${fits.name} [${fits.tensor.shape}]`;
  throw new ConvOperandError(
    caller,
    operand,
    `${caller}: ${operand} is ${tensor.dtype} [${tensor.shape}]; expected float32 [${wanted}]` +
      `${other} (${SHAPES}; stride 1).`,
  );
}

/** Throws BackendOptionError unless `activation` and `padding` are ones the kernels fuse. */
export function checkConvOptions(caller: string, activation: ConvActivation, padding: ConvPadding) {
  if (activation !== 'relu' && activation !== 'linear') {
    throw new BackendOptionError(caller, 'activation', activation, "'relu' or 'linear'");
  }
  if (padding !== 'valid' && padding !== 'same') {
    throw new BackendOptionError(caller, 'padding', padding, "'valid' or 'same'");
  }
}

/**
 * The output shape `[n, oh, ow, f]` of `x` [n, h, w, c] convolved with `filter` [kh, kw, c, f] at
 * stride 1; throws ConvOperandError when the filter is larger than x with 'valid' padding.
 */
export function convOutputShape(
  caller: string,
  x: tf.Tensor,
  filter: tf.Tensor,
  padding: ConvPadding,
): [number, number, number, number] {
  const [n, h, w] = x.shape as [number, number, number];
  const [kh, kw, , f] = filter.shape as [number, number, number, number];
  if (padding === 'same') return [n, h, w, f];
  if (kh > h || kw > w || kh < 1 || kw < 1) {
    throw new ConvOperandError(
      caller,
      'filter',
      `${caller}: filter [${filter.shape}] is larger than x [${x.shape}] with 'valid' padding; ` +
        "use padding 'same' or a filter of at most the input's height and width.",
    );
  }
  return [n, h - kh + 1, w - kw + 1, f];
}
