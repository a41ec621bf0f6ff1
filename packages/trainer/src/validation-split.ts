import type { MnistSplit } from '@mnist-wasm/dataset';
import { TrainOptionError } from './errors';

/**
 * Splits off the LAST `fraction` of `split` for validation, before any shuffling, as Keras's
 * `validation_split` does (`split_at = floor(count * (1 - fraction))`). Both parts are views.
 *
 * @throws TrainOptionError when either part would be empty.
 */
export function splitForValidation(
  split: MnistSplit,
  fraction: number,
): { train: MnistSplit; validation: MnistSplit } {
  const splitAt = Math.floor(split.count * (1 - fraction));
  if (splitAt < 1 || splitAt >= split.count) {
    throw new TrainOptionError(
      'validationSplit',
      fraction,
      `a fraction that leaves at least one of the ${split.count} examples on each side`,
    );
  }
  const pixels = split.rows * split.cols;
  const part = (start: number, end: number): MnistSplit => ({
    images: split.images.subarray(start * pixels, end * pixels),
    labels: split.labels.subarray(start, end),
    count: end - start,
    rows: split.rows,
    cols: split.cols,
  });
  return { train: part(0, splitAt), validation: part(splitAt, split.count) };
}
