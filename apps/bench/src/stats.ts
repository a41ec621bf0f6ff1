/** Median of `values` (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median: no values were measured.');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Seconds per epoch of `examples` examples at `msPerStep` for steps of `batchSize`. */
export function secondsPerEpoch(msPerStep: number, examples: number, batchSize: number): number {
  return (msPerStep * Math.ceil(examples / batchSize)) / 1000;
}
