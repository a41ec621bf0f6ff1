/**
 * A 32-bit seed for one random stream (one layer's initializer) derived from a user seed.
 *
 * Hashing instead of `seed + stream` keeps streams of nearby seeds apart: with addition, seed 1's
 * second layer would draw the same numbers as seed 2's first layer.
 */
export function deriveSeed(seed: number, stream: number): number {
  const low = seed >>> 0;
  const high = Math.floor(seed / 2 ** 32) | 0;
  return fmix32(low ^ fmix32(Math.imul(stream + 1, 0x9e3779b1) ^ Math.imul(high, 0x85ebca6b)));
}

/** MurmurHash3's finalizer: a bijection on 32-bit integers that mixes every input bit. */
function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
