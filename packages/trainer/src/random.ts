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
    return mix(this.state) >>> 0;
  }

  /**
   * Fills `out` with the next `out.length` values; the same stream as repeated {@link nextUint32}.
   * An Int32Array receives the same bits, read as signed.
   */
  fillUint32(out: Uint32Array | Int32Array): void {
    // The state lives in a local for the loop: this is the hot path of dropout masks. Four draws
    // a pass: their states follow by one add each, and the mixes, independent, overlap.
    let state = this.state;
    const n = out.length;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const s1 = (state + 0x6d2b79f5) | 0;
      const s2 = (s1 + 0x6d2b79f5) | 0;
      const s3 = (s2 + 0x6d2b79f5) | 0;
      state = (s3 + 0x6d2b79f5) | 0;
      out[i] = mix(s1);
      out[i + 1] = mix(s2);
      out[i + 2] = mix(s3);
      out[i + 3] = mix(state);
    }
    for (; i < n; i++) {
      state = (state + 0x6d2b79f5) | 0;
      out[i] = mix(state);
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

/** mulberry32's output for the state `state`, as a signed int32 (the same bits as unsigned). */
function mix(state: number): number {
  let t = Math.imul(state ^ (state >>> 15), state | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return t ^ (t >>> 14);
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
