import { type Examples, sliceExamples } from '@mnist-wasm/dataset';
import { TrainerOptionError } from './errors';

/**
 * Splits off the LAST `fraction` of `data` for validation, before any shuffling, as Keras's
 * `validation_split` does (`split_at = floor(count * (1 - fraction))`). Both parts are views.
 *
 * @throws TrainerOptionError when either part would be empty.
 */
export function splitForValidation(
  data: Examples,
  fraction: number,
): { train: Examples; validation: Examples } {
  const splitAt = Math.floor(data.count * (1 - fraction));
  if (splitAt < 1 || splitAt >= data.count) {
    throw new TrainerOptionError(
      'train',
      'validationSplit',
      fraction,
      `a fraction that leaves at least one of the ${data.count} examples on each side`,
    );
  }
  return {
    train: sliceExamples(data, 0, splitAt),
    validation: sliceExamples(data, splitAt, data.count),
  };
}
