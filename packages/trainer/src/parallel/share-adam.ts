import type { SharePiece } from './parameter-shares';

/** Adam's settings for one update, as the AdamUpdate kernel derives them for step `t`. */
export interface AdamStepHyper {
  b1: number;
  /** 1 - b1. */
  c1: number;
  b2: number;
  /** 1 - b2. */
  c2: number;
  /** lr √(1 - b2ᵗ) / (1 - b1ᵗ). */
  alpha: number;
  epsilon: number;
}

/** Keras's Adam (`epsilonMode` 'keras') for update number `step` (1, 2, ...). */
export function adamStepHyper(
  learningRate: number,
  beta1: number,
  beta2: number,
  epsilon: number,
  step: number,
): AdamStepHyper {
  const alpha = (learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
  return { b1: beta1, c1: 1 - beta1, b2: beta2, c2: 1 - beta2, alpha, epsilon };
}

/** Where {@link sumAndAdam} reads and writes: flattened arrays of all the model's values. */
export interface ShareArrays {
  /** The gradient slots: `count` of them, slot k at `slotsAt + k * slotStride`. */
  slots: Float32Array;
  slotsAt: number;
  slotStride: number;
  count: number;
  weights: Float32Array;
  first: Float32Array;
  second: Float32Array;
  newWeights: Float32Array;
  newFirst: Float32Array;
  newSecond: Float32Array;
}

const f = Math.fround;
/** The smallest normal float32, 2^-126: smaller moments are flushed to zero, as the kernel does. */
const SMALLEST_NORMAL = 2 ** -126;

/**
 * One Adam step on the values of `piece` with the sum of the gradient slots as gradient, the same
 * arithmetic the AdamUpdate kernel of `@mnist-wasm/backend` gives each value, hence the same bits:
 * the slots added in slot order, each partial sum rounded to float32 (as adding them into a
 * float32 tensor does); a variable's whole groups of 4 in float32 in the kernel's order of
 * operations (its SIMD loop and that loop's JavaScript twin agree to the bit); its last `size mod
 * 4` values in float64, rounded where stored, as the kernel's tail loop computes them.
 */
export function sumAndAdam(piece: SharePiece, a: ShareArrays, h: AdamStepHyper): void {
  const { slots, slotsAt, slotStride, count } = a;
  const { weights, first, second, newWeights, newFirst, newSecond } = a;
  const b1 = f(h.b1);
  const c1 = f(h.c1);
  const b2 = f(h.b2);
  const c2 = f(h.c2);
  const alpha = f(h.alpha);
  const epsilon = f(h.epsilon);
  for (let i = piece.start; i < piece.groupsEnd; i++) {
    let grad = slots[slotsAt + i]!;
    for (let k = 1; k < count; k++) grad = f(grad + slots[slotsAt + k * slotStride + i]!);
    const m = flush(f(f(b1 * first[i]!) + f(c1 * grad)));
    const v = flush(f(f(b2 * second[i]!) + f(c2 * f(grad * grad))));
    newFirst[i] = m;
    newSecond[i] = v;
    newWeights[i] = f(weights[i]! - f(f(alpha * m) / f(f(Math.sqrt(v)) + epsilon)));
  }
  for (let i = piece.groupsEnd; i < piece.end; i++) {
    let grad = slots[slotsAt + i]!;
    for (let k = 1; k < count; k++) grad = f(grad + slots[slotsAt + k * slotStride + i]!);
    const m = flush(h.b1 * first[i]! + h.c1 * grad);
    const v = flush(h.b2 * second[i]! + h.c2 * grad * grad);
    newFirst[i] = m;
    newSecond[i] = v;
    newWeights[i] = weights[i]! - (h.alpha * m) / (Math.sqrt(v) + h.epsilon);
  }
}

/** 0 for a value smaller in size than the smallest normal float32; the value otherwise (NaN too). */
function flush(value: number): number {
  return Math.abs(value) < SMALLEST_NORMAL ? 0 : value;
}
