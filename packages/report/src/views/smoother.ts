/** An exponential moving average: `next(value)` adds a value and returns the smoothed one. */
export interface Smoother {
  next(value: number): number;
}

/**
 * Exponential moving average with bias correction (TensorBoard's smoothing), so the first values
 * are not pulled towards 0. `weight` is the share of the previous average, default 0.95.
 */
export function createSmoother(weight = 0.95): Smoother {
  let average = 0;
  let count = 0;
  return {
    next(value: number): number {
      count++;
      average = weight * average + (1 - weight) * value;
      return average / (1 - weight ** count);
    },
  };
}
