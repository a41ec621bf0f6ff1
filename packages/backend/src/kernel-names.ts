/**
 * Names, inputs and attributes of the kernel this package adds, kept apart from its implementation
 * (`kernels/AdamUpdate.ts`) and its op (`ops/adam-update.ts`), as tfjs-core's `kernel_names.ts`
 * keeps them for the stock kernels.
 */

/** Name of the fused Adam kernel this package registers on the 'wasm' backend. */
export const AdamUpdate = 'AdamUpdate';

/** Hyper-parameters of one {@link AdamUpdate} call. */
export interface AdamUpdateAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** One-based number of this update, the `t` of the bias corrections. */
  step: number;
  /**
   * Where epsilon goes. `'keras'` (Keras, TensorFlow's `ApplyAdam`): `√v + epsilon`. `'tfjs'`
   * (`tf.train.adam`): `√v̂ + epsilon` with the bias-corrected `v̂ = v / (1 - b2ᵗ)`, which is
   * `√v + epsilon √(1 - b2ᵗ)`. They differ only while `√v` is near epsilon, in the first steps.
   */
  epsilonMode: 'keras' | 'tfjs';
  /** Number of variables updated; the inputs are named `weights0`, `gradients0`, ... up to it. */
  count: number;
  /**
   * Whether the new moments are written in place into the inputs `nextFirstMoments<i>` and
   * `nextSecondMoments<i>` (then the only outputs are the new weights, one per variable) rather
   * than into new outputs (three per variable: w', m', v').
   */
  momentsInPlace: boolean;
}

/** Input names of the `i`-th variable of an {@link AdamUpdate} call. */
export type AdamUpdateInputNames = Readonly<
  Record<
    | 'weights'
    | 'gradients'
    | 'firstMoments'
    | 'secondMoments'
    | 'nextFirstMoments'
    | 'nextSecondMoments',
    string
  >
>;

// Made once per index: every training step asks for them, twice per variable.
const adamNames: AdamUpdateInputNames[] = [];

/** Input names of the `i`-th variable of an {@link AdamUpdate} call (the same object each call). */
export function adamUpdateInputNames(i: number): AdamUpdateInputNames {
  for (let j = adamNames.length; j <= i; j++) {
    adamNames.push(
      Object.freeze({
        weights: `weights${j}`,
        gradients: `gradients${j}`,
        firstMoments: `firstMoments${j}`,
        secondMoments: `secondMoments${j}`,
        nextFirstMoments: `nextFirstMoments${j}`,
        nextSecondMoments: `nextSecondMoments${j}`,
      }),
    );
  }
  return adamNames[i]!;
}

/** Name of the Dense forward kernel ({@link DenseForwardAttrs}) this package registers on 'wasm'. */
export const DenseForward = 'DenseForward';

/** Name of the Dense backward kernel ({@link DenseBackwardAttrs}) this package registers on 'wasm'. */
export const DenseBackward = 'DenseBackward';

/** The activations the Dense kernels fuse: ReLU, or none. */
export type DenseActivation = 'relu' | 'linear';

/**
 * Attributes of {@link DenseForward}. Inputs: `x` [rows, k], `kernel` [k, n], and optionally
 * `bias` [n] and `mask` [rows, n] (dropout's); outputs: `y = activation(x · kernel + bias) · mask`
 * [rows, n] and a float32 scalar, 0 when every pre-activation was finite and NaN otherwise.
 */
export interface DenseForwardAttrs {
  activation: DenseActivation;
}

/**
 * Attributes of {@link DenseBackward}. Inputs: `dy` [rows, n] (the loss gradient of the forward
 * output `y`), `x` and `kernel` as the forward pass had them, `y` itself when the activation is
 * ReLU, and the same `mask` if it had one. Outputs, in order: the kernel gradient [k, n], the bias
 * gradient [n] when `bias`, the input gradient [rows, k] when `inputGradient`, and a float32
 * scalar, 0 when the kernel and bias gradients are finite and NaN otherwise.
 */
export interface DenseBackwardAttrs {
  activation: DenseActivation;
  /** Whether the layer has a bias, whose gradient is then computed. */
  bias: boolean;
  /** Whether to compute the gradient for `x` (not needed for a model's first layer). */
  inputGradient: boolean;
}

/** Name of the max-pooling forward kernel ({@link PoolForwardAttrs}) this package registers on 'wasm'. */
export const PoolForward = 'PoolForward';

/** Name of the max-pooling backward kernel ({@link PoolBackwardAttrs}) this package registers on 'wasm'. */
export const PoolBackward = 'PoolBackward';

/**
 * Attributes of {@link PoolForward}. Input: `x` float32 [n, h, w, c] (NHWC, h and w >= size);
 * outputs: `y` float32 [n, oh, ow, c], the maxima of the size × size windows every `stride`
 * places with valid padding (oh = ⌊(h - size) / stride⌋ + 1, ow likewise), and `argmax` int32 of
 * the same shape, where each maximum is within its example (y·w·c + x·c + channel; -1 when no
 * value of the window is above -∞).
 */
export interface PoolForwardAttrs {
  size: number;
  stride: number;
}

/**
 * Attributes of {@link PoolBackward}. Inputs: `dy` float32 [n, oh, ow, c] (the loss gradient of
 * the forward output) and the forward pass's `argmax` int32 of the same shape; output: `dx`
 * float32 `inputShape`, zeros except `dx[b, argmax[b, ...]] += dy[b, ...]`.
 */
export interface PoolBackwardAttrs {
  /** The forward input's shape, [n, h, w, c]. */
  inputShape: number[];
}

/** Name of the Conv2D forward kernel ({@link ConvForwardAttrs}) this package registers on 'wasm'. */
export const ConvForward = 'ConvForward';

/** Name of the Conv2D backward kernel ({@link ConvBackwardAttrs}) this package registers on 'wasm'. */
export const ConvBackward = 'ConvBackward';

/** The activations the Conv2D kernels fuse: ReLU, or none. */
export type ConvActivation = 'relu' | 'linear';

/** The paddings of the Conv2D kernels (stride 1), as Keras names them. */
export type ConvPadding = 'valid' | 'same';

/**
 * Attributes of {@link ConvForward}. Inputs: `x` [n, h, w, c] (NHWC), `filter` [kh, kw, c, f] and
 * optionally `bias` [f]; outputs: `y = activation(conv2d(x, filter) + bias)` [n, oh, ow, f]
 * (stride 1) and a float32 scalar, 0 when every pre-activation was finite and NaN otherwise.
 */
export interface ConvForwardAttrs {
  activation: ConvActivation;
  padding: ConvPadding;
  /**
   * The window side of the max-pool that follows the convolution, or 0 for none. With a pool, two
   * more outputs follow the check: the pool's output and its int32 argmax, as `PoolForward` gives
   * them for `y`.
   */
  poolSize: number;
  /** The pool's stride (with `poolSize` > 0). */
  poolStride: number;
}

/**
 * Attributes of {@link ConvBackward}. Inputs: `x` and `filter` as the forward pass had them, `y`
 * (its output, whose zeros gate ReLU's gradient) and `dy` [n, oh, ow, f], the loss gradient of
 * `y`; or, for a layer followed by a max-pool, also `pooled` and `argmax` (the pool's output and
 * its int32 argmax [n, ph, pw, f], as `PoolForward` gives them) with `dy` the loss gradient of the
 * pool's output, of their shape. Outputs, in order: the filter gradient [kh, kw, c, f], the bias gradient [f] when `bias`,
 * the input gradient [n, h, w, c] when `inputGradient`, and a float32 scalar, 0 when the filter and
 * bias gradients are finite and NaN otherwise.
 */
export interface ConvBackwardAttrs {
  activation: ConvActivation;
  padding: ConvPadding;
  /** Whether the layer has a bias, whose gradient is then computed. */
  bias: boolean;
  /** Whether to compute the gradient for `x` (not needed for a model's first layer). */
  inputGradient: boolean;
}
