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
}

/** Input names of the `i`-th variable of an {@link AdamUpdate} call. */
export function adamUpdateInputNames(i: number) {
  return {
    weights: `weights${i}`,
    gradients: `gradients${i}`,
    firstMoments: `firstMoments${i}`,
    secondMoments: `secondMoments${i}`,
  } as const;
}
