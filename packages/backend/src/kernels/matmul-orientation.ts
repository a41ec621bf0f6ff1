/**
 * How a fixed matMul kernel feeds XNNPACK's fully-connected operator, the only fast matMul in
 * tfjs-backend-wasm 4.22. That operator computes `a · b` for untransposed rank-3 operands with a
 * batch of 1, and must first pack `b` (the "weights", K x N) into its own layout: for freshly made
 * operands, as in every backprop step, packing costs more per element than a transpose.
 *
 * - `direct`: transpose the flagged operands, then multiply `a · b` (packs K x N, or nothing when
 *   XNNPACK already holds this `b` packed).
 * - `swapped`: compute `(bᵀ · aᵀ)ᵀ` (packs K x M), then transpose the M x N result back.
 */
export type MatMulOrientation = 'direct' | 'swapped';

/**
 * Cost of packing one weight element relative to transposing one element, tuned on the packing
 * and transpose times of fresh 784 x 128 weights that `bench/kernels.bench.mjs` prints (the
 * README records them). Only the ratio matters for the choice.
 */
const PACK_COST_PER_ELEMENT = 8;

/**
 * Picks the cheaper orientation for `C (M x N) = op(A) · op(B)` with shared dimension K, counting
 * element moves of the needed transposes and of weight packing (the multiply itself costs the same).
 */
export function chooseMatMulOrientation(
  m: number,
  k: number,
  n: number,
  transposeA: boolean,
  transposeB: boolean,
): MatMulOrientation {
  const direct =
    (transposeA ? m * k : 0) + (transposeB ? k * n : 0) + PACK_COST_PER_ELEMENT * k * n;
  const swapped =
    (transposeA ? 0 : m * k) + (transposeB ? 0 : k * n) + PACK_COST_PER_ELEMENT * k * m + m * n;
  return swapped < direct ? 'swapped' : 'direct';
}
