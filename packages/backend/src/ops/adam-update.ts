import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
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
  /**
   * Where the new moments go, written in place: float32 tensors of the weights' shape whose data
   * no other tensor shares (the moments themselves, or a second pair the caller takes turns with).
   * Without it the new moments are new tensors. Either every slot of a call has it or none.
   */
  momentsInto?: { firstMoments: tf.Tensor; secondMoments: tf.Tensor };
}

/**
 * What {@link adamUpdate} returns for each variable: the new weights, a new tensor owned by the
 * caller, and the new moments: new tensors too, or the slot's `momentsInto` tensors themselves.
 */
export interface AdamSlotUpdate {
  weights: tf.Tensor;
  firstMoments: tf.Tensor;
  secondMoments: tf.Tensor;
}

const SLOT_KEYS = ['weights', 'gradients', 'firstMoments', 'secondMoments'] as const;
const INTO_KEYS = [
  ['firstMoments', 'nextFirstMoments'],
  ['secondMoments', 'nextSecondMoments'],
] as const;

/** Hyper-parameters of {@link adamUpdate}; `epsilonMode` defaults to `'keras'`. */
export type AdamHyperParameters = Omit<
  AdamUpdateAttrs,
  'count' | 'epsilonMode' | 'momentsInPlace'
> &
  Partial<Pick<AdamUpdateAttrs, 'epsilonMode'>>;

/**
 * The `adamUpdate` op: one Adam step (Keras's form: `w -= lr √(1 - b2ᵗ) / (1 - b1ᵗ) · m / (√v + epsilon)`,
 * or with `epsilonMode: 'tfjs'` that of `tf.train.adam`) for all `slots` in a single call of the
 * 'wasm' kernel {@link AdamUpdate}, where `tf.train.adam` runs a kernel per arithmetic step of
 * every variable. The weights are never changed in place (the caller assigns the new ones: the
 * XNNPACK kernels cache a packed copy of a weight by its tensor's data); the moments are, into
 * each slot's `momentsInto` when it has one, which saves making two tensors per variable.
 *
 * @param slots - Per variable: float32 weights, gradients, first and second moments, one shape,
 *   and optionally `momentsInto`, the tensors the new moments are written into.
 * @param hyper - `learningRate`, `beta1`, `beta2`, `epsilon`, the one-based `step` t, and
 *   `epsilonMode` (`'keras'` by default, `'tfjs'` to match `tf.train.adam`).
 * @returns Per slot, float32 tensors of the weights' shape: the new weights (a new tensor), and the
 *   new first and second moments (new tensors, or the slot's `momentsInto` tensors).
 * @throws KernelNotRegisteredError if the active backend has no `AdamUpdate` kernel: it is not
 *   'wasm', or the kernel was not registered (see {@link initWasmBackend}).
 * @throws SlotMismatchError if a slot's tensors differ in shape or are not float32, if only some
 *   slots have `momentsInto`, or if a `momentsInto` tensor shares its data with another tensor.
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
  const momentsInPlace = slots.length > 0 && slots[0]!.momentsInto !== undefined;
  const backend = tf.backend() as BackendWasm;
  slots.forEach((slot, i) => {
    const names = adamUpdateInputNames(i);
    for (const key of SLOT_KEYS) {
      inputs[names[key]] = checkedSlotTensor(i, key, slot[key], slot.weights);
    }
    if ((slot.momentsInto !== undefined) !== momentsInPlace) {
      throw new SlotMismatchError(
        i,
        'momentsInto',
        `adamUpdate: slot ${i} ${momentsInPlace ? 'has no' : 'has a'} momentsInto unlike slot 0; give it to every slot or to none.`,
      );
    }
    if (slot.momentsInto === undefined) return;
    for (const [key, name] of INTO_KEYS) {
      const into = checkedSlotTensor(i, `momentsInto.${key}`, slot.momentsInto[key], slot.weights);
      if (backend.refCount(into.dataId) !== 1 || shares(into, key, slot)) {
        throw new SlotMismatchError(
          i,
          `momentsInto.${key}`,
          `adamUpdate: slot ${i}'s momentsInto.${key} shares its data with another tensor; it is written in place, so give a tensor of its own (e.g. made by tf.zeros, not a reshape of another).`,
        );
      }
      inputs[names[name]] = into;
    }
  });
  const attrs = { epsilonMode: 'keras', ...hyper, count: slots.length, momentsInPlace };
  const outputs = tf
    .engine()
    .runKernel(AdamUpdate, inputs, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];
  return slots.map(({ momentsInto }, i) =>
    momentsInto === undefined
      ? {
          weights: outputs[3 * i] as tf.Tensor,
          firstMoments: outputs[3 * i + 1] as tf.Tensor,
          secondMoments: outputs[3 * i + 2] as tf.Tensor,
        }
      : { weights: outputs[i] as tf.Tensor, ...momentsInto },
  );
}

/** `tensor`, checked to be float32 of `weights`' shape. */
function checkedSlotTensor(
  slot: number,
  key: string,
  tensor: tf.Tensor,
  weights: tf.Tensor,
): tf.Tensor {
  if (tensor.dtype !== 'float32' || !tf.util.arraysEqual(tensor.shape, weights.shape)) {
    throw new SlotMismatchError(
      slot,
      key,
      `adamUpdate: slot ${slot}'s ${key} is ${tensor.dtype} [${tensor.shape}]; expected float32 [${weights.shape}] like its weights.`,
    );
  }
  return tensor;
}

/**
 * Whether `into`, where the slot's new `key` moments go, holds the data of a tensor the update
 * reads or writes other than the slot's own `key` moments (which it may overwrite in place).
 */
function shares(into: tf.Tensor, key: 'firstMoments' | 'secondMoments', slot: AdamSlot): boolean {
  const other = key === 'firstMoments' ? 'secondMoments' : 'firstMoments';
  const others = [slot.weights, slot.gradients, slot[other], slot.momentsInto![other]];
  return others.some((t) => t.dataId === into.dataId);
}
