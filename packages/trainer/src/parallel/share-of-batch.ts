/** The rows of a batch one thread trains on: `size` rows from row `start`. */
export interface BatchShare {
  start: number;
  size: number;
}

/**
 * Thread `index`'s share of a batch of `batchSize` rows split over `threads` threads: contiguous,
 * in thread order, as even as the batch allows (the first `batchSize % threads` shares get one row
 * more). 32 rows on 2 threads are rows 0-15 and 16-31; 33 rows on 2 are 0-16 and 17-32. A share is
 * empty when the batch has fewer rows than threads.
 *
 * @param batchSize - Rows in the batch, a whole number >= 0.
 * @param threads - Threads sharing it, a whole number >= 1.
 * @param index - The thread, 0 to `threads - 1`.
 */
export function shareOfBatch(batchSize: number, threads: number, index: number): BatchShare {
  const base = Math.floor(batchSize / threads);
  const extra = batchSize % threads;
  const start = index * base + Math.min(index, extra);
  return { start, size: base + (index < extra ? 1 : 0) };
}
