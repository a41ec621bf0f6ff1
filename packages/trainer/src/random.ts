/**
 * A small seeded PRNG (mulberry32): fast, 32-bit state, good enough for shuffling and dropout masks,
 * and identical on every JS engine, so a seed reproduces a training run anywhere.
 */
export class SeededRandom {
  /**
   * The 32-bit state, held as a signed int32 (`| 0`): the same bits as unsigned, kept in int32
   * arithmetic throughout.
   */
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** The next value as an unsigned 32-bit integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /**
   * Fills `out` with the next `out.length` values; the same stream as repeated {@link nextUint32}.
   * An Int32Array receives the same bits, read as signed.
   */
  fillUint32(out: Uint32Array | Int32Array): void {
    // The state lives in a local for the loop: this is the hot path of dropout masks.
    let state = this.state;
    for (let i = 0; i < out.length; i++) {
      state = (state + 0x6d2b79f5) | 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      out[i] = t ^ (t >>> 14);
    }
    this.state = state;
  }

  /** The next value as a float in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An independent generator whose stream is derived from this one's. */
  fork(): SeededRandom {
    return new SeededRandom(this.nextUint32() ^ 0x9e3779b9);
  }
}

/** Shuffles `values` in place (Fisher-Yates) with `random`. */
export function shuffleInPlace(values: Int32Array, random: SeededRandom): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random.nextFloat() * (i + 1));
    const swap = values[i]!;
    values[i] = values[j]!;
    values[j] = swap;
  }
}
