import { WINDOW_STEPS } from './settings.mjs';

/**
 * Step times of one epoch from the trainer's per-batch `msPerStep` (its running mean since the
 * epoch began): the mean ms/step of each window of WINDOW_STEPS steps after the first.
 */
export function windowTimes(batches) {
  const ends = batches.map(({ step, msPerStep }) => msPerStep * (step + 1));
  const windows = [];
  for (let end = 2 * WINDOW_STEPS - 1; end < ends.length; end += WINDOW_STEPS) {
    windows.push((ends[end] - ends[end - WINDOW_STEPS]) / WINDOW_STEPS);
  }
  return windows;
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
