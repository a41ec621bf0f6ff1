/** A run of one variable's values that one thread updates, as offsets into the flattened weights. */
export interface SharePiece {
  /** First value of the run. */
  start: number;
  /**
   * End of the run's values that lie in the variable's whole groups of 4 (counted from the
   * variable's first value): the Adam kernel runs those as SIMD lanes, the rest in float64.
   */
  groupsEnd: number;
  /** One past the run's last value. */
  end: number;
}

/**
 * Splits the flattened values of variables of `sizes` (in order) into `threads` contiguous
 * shares, one per thread in thread order, as even as whole groups of 4 allow: a share boundary
 * inside a variable falls on a multiple of 4 from the variable's start, so every value is updated
 * by the same arithmetic the single-threaded Adam kernel gives it (SIMD lanes for a variable's
 * whole groups of 4, float64 for its last `size mod 4`). A share may be empty.
 *
 * @param sizes - Values per variable, each a whole number >= 0.
 * @param threads - A whole number >= 1.
 * @returns Per thread, the pieces of its share, one per variable it touches.
 */
export function parameterShares(sizes: readonly number[], threads: number): SharePiece[][] {
  const starts: number[] = [];
  let total = 0;
  for (const size of sizes) {
    starts.push(total);
    total += size;
  }
  const snap = (at: number): number => {
    for (let v = 0; v < sizes.length; v++) {
      const start = starts[v]!;
      if (at < start + sizes[v]!) return start + ((at - start) & ~3);
    }
    return total;
  };
  const bounds = Array.from({ length: threads + 1 }, (_, t) =>
    t === threads ? total : snap(Math.round((t * total) / threads)),
  );
  return Array.from({ length: threads }, (_, t) => {
    const lo = bounds[t]!;
    const hi = Math.max(lo, bounds[t + 1]!);
    const pieces: SharePiece[] = [];
    for (let v = 0; v < sizes.length; v++) {
      const first = starts[v]!;
      const last = first + sizes[v]!;
      const start = Math.max(lo, first);
      const end = Math.min(hi, last);
      if (start >= end) continue;
      const groupsEnd = Math.min(end, Math.max(start, first + (sizes[v]! & ~3)));
      pieces.push({ start, groupsEnd, end });
    }
    return pieces;
  });
}
