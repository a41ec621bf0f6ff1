import type * as tf from '@tensorflow/tfjs-core';

/**
 * Where a training pass's dropout masks come from: 32-bit draws, in order (the trainer's seeded
 * PRNG). The same draws give the same masks, so a seed fixes a run.
 */
export interface MaskRandom {
  /** Fills `out` with the next `out.length` uniform 32-bit draws. */
  fillUint32(out: Int32Array): void;
}

/**
 * How a forward pass runs: for training (dropout drawn from `random`, and what the backward pass
 * needs kept), or for inference (dropout is the identity).
 */
export type PassMode = { training: true; random: MaskRandom } | { training: false };

/** What a layer's forward pass returns; every tensor is new and lives in the caller's tidy. */
export interface LayerForward<Saved> {
  /** The layer's output. */
  output: tf.Tensor;
  /** What the layer's backward pass needs, named. */
  saved: Saved;
  /**
   * A float32 scalar, 0 when every pre-activation was finite and NaN when one was not, for a layer
   * whose output can hide a non-finite value (ReLU maps -Infinity to 0); null for the others.
   */
  finiteCheck: tf.Scalar | null;
}

/** What a layer's backward pass returns; every tensor is new and lives in the caller's tidy. */
export interface LayerBackward {
  /** The loss gradient of the layer's input, when it was asked for; otherwise null. */
  dInput: tf.Tensor | null;
  /** The loss gradients of the layer's variables, by variable name. */
  grads: tf.NamedTensorMap;
  /**
   * A float32 scalar, 0 when the gradients are finite and NaN when one is not, for a layer whose
   * kernels skip zeros (a non-finite weight met only by zeros shows in no forward check); null for
   * the others.
   */
  finiteCheck: tf.Scalar | null;
}

/** The kinds of layer a plan covers. */
export type PlanLayerKind = 'flatten' | 'reshape' | 'dense' | 'dropout' | 'conv2d' | 'maxPooling2d';

/**
 * One layer of a plan: its forward pass beside its backward pass. The forward keeps what the
 * backward needs in a record of its own (`saved`), which the plan hands back to the backward.
 */
export interface PlanLayer<Saved = unknown> {
  readonly kind: PlanLayerKind;
  /** The layer's trainable variables (none for the layers without weights). */
  readonly variables: readonly tf.Variable[];
  forward(x: tf.Tensor, mode: PassMode): LayerForward<Saved>;
  /**
   * The loss gradients given `dOutput`, the gradient of the forward's output, and the forward's
   * `saved` record; the input's gradient only when `inputGradient` (a layer nearer the input needs it).
   */
  backward(dOutput: tf.Tensor, saved: Saved, inputGradient: boolean): LayerBackward;
}

/** A layer without variables whose backward only passes the gradient on. */
export function noGradients(dInput: tf.Tensor | null): LayerBackward {
  return { dInput, grads: {}, finiteCheck: null };
}
