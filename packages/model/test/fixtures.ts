/**
 * `n * classes` float32 logits, normally distributed with standard deviation `scale`, from a small
 * seeded generator (mulberry32 and Box-Muller): the same values on every run and backend.
 */
export function randomLogits(
  n: number,
  classes: number,
  scale: number,
  seed: number,
): Float32Array {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 2 ** 32;
  };
  return Float32Array.from(
    { length: n * classes },
    () => scale * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()),
  );
}

/** A small convnet's options (two blocks of 2 and 3 filters, 8 dense units, 4 classes). */
export const SMALL_CNN = { filters: [2, 3], kernelSize: 3, denseUnits: 8, numClasses: 4 } as const;
