import * as tf from '@tensorflow/tfjs-core';
import { KernelNotRegisteredError, SlotMismatchError } from '../errors';
import { AdamUpdate, type AdamUpdateAttrs, adamUpdateInputNames } from '../kernel-names';

/** One variable's tensors for {@link adamUpdate}: all float32 and of the same shape. */
export interface AdamSlot {
  weights: tf.Tensor;
  gradients: tf.Tensor;
  /** Adam's `m`, zeros before the first step. */
  firstMoments: tf.Tensor;
  /** Adam's `v`, zeros before the first step. */
  secondMoments: tf.Tensor;
}

/** What {@link adamUpdate} returns for each variable: new tensors, owned by the caller. */
export interface AdamSlotUpdate {
  weights: tf.Tensor;
  firstMoments: tf.Tensor;
  secondMoments: tf.Tensor;
}

const SLOT_KEYS = ['weights', 'gradients', 'firstMoments', 'secondMoments'] as const;

/** Hyper-parameters of {@link adamUpdate}; `epsilonMode` defaults to `'keras'`. */
export type AdamHyperParameters = Omit<AdamUpdateAttrs, 'count' | 'epsilonMode'> &
  Partial<Pick<AdamUpdateAttrs, 'epsilonMode'>>;

/**
 * The `adamUpdate` op: one Adam step (Keras's form: `w -= lr √(1 - b2ᵗ) / (1 - b1ᵗ) · m / (√v + epsilon)`,
 * or with `epsilonMode: 'tfjs'` that of `tf.train.adam`) for all `slots` in a single call of the
 * 'wasm' kernel {@link AdamUpdate}, where `tf.train.adam` runs a kernel per arithmetic step of
 * every variable. Nothing is changed in place; the caller assigns the results.
 *
 * @param slots - Per variable: float32 weights, gradients, first and second moments, one shape.
 * @param hyper - `learningRate`, `beta1`, `beta2`, `epsilon`, the one-based `step` t, and
 *   `epsilonMode` (`'keras'` by default, `'tfjs'` to match `tf.train.adam`).
 * @returns Per slot, new float32 tensors of the weights' shape: weights, first and second moments.
 * @throws KernelNotRegisteredError if the active backend has no `AdamUpdate` kernel: it is not
 *   'wasm', or the kernel was not registered (see {@link initWasmBackend}).
 * @throws SlotMismatchError if a slot's tensors differ in shape or are not float32.
 *
 * @example
 * ```ts
 * await initWasmBackend();
 * const w = tf.tensor1d([1, 2]);
 * const [next] = adamUpdate(
 *   [{ weights: w, gradients: tf.tensor1d([0.5, -1]), firstMoments: tf.zeros([2]), secondMoments: tf.zeros([2]) }],
 *   { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step: 1 },
 * );
 * next.weights.print(); // [0.999, 2.001]
 * ```
 */
export function adamUpdate(
  slots: readonly AdamSlot[],
  hyper: AdamHyperParameters,
): AdamSlotUpdate[] {
  if (tf.getBackend() !== 'wasm' || tf.getKernel(AdamUpdate, 'wasm') === undefined) {
    throw new KernelNotRegisteredError(
      'adamUpdate',
      AdamUpdate,
      tf.getBackend(),
      "it runs on 'wasm' only: call initWasmBackend() first",
    );
  }
  const inputs: Record<string, tf.Tensor> = {};
  slots.forEach((slot, i) => {
    const names = adamUpdateInputNames(i);
    for (const key of SLOT_KEYS) {
      const tensor = slot[key];
      if (tensor.dtype !== 'float32' || !tf.util.arraysEqual(tensor.shape, slot.weights.shape)) {
        throw new SlotMismatchError(
          i,
          key,
          `adamUpdate: slot ${i}'s ${key} is ${tensor.dtype} [${tensor.shape}]; expected float32 [${slot.weights.shape}] like its weights.`,
        );
      }
      inputs[names[key]] = tensor;
    }
  });
  const attrs = { epsilonMode: 'keras', ...hyper, count: slots.length };
  const outputs = tf
    .engine()
    .runKernel(AdamUpdate, inputs, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];
  return slots.map((_, i) => ({
    weights: outputs[3 * i] as tf.Tensor,
    firstMoments: outputs[3 * i + 1] as tf.Tensor,
    secondMoments: outputs[3 * i + 2] as tf.Tensor,
  }));
}
