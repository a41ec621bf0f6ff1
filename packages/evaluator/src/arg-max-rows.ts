import { EvaluatorOptionError } from './errors';

/**
 * The index of the largest value in each row of a row-major `[n, classes]` array, such as the
 * probabilities {@link predictProbabilities} returns: the predicted class of each example. Ties go
 * to the lowest class, as `tf.argMax` does.
 *
 * @param values - `n * classes` scores, row-major.
 * @param classes - The width of a row.
 * @returns Int32Array of `n` classes in `[0, classes)`.
 * @throws EvaluatorOptionError when `classes` does not divide `values` into whole rows.
 *
 * @example
 * ```ts
 * argMaxRows(new Float32Array([0.1, 0.7, 0.2, 0.5, 0.5, 0]), 3); // Int32Array [1, 0]
 * ```
 */
export function argMaxRows(values: Float32Array, classes: number): Int32Array {
  if (!Number.isInteger(classes) || classes < 1 || values.length % classes !== 0) {
    throw new EvaluatorOptionError(
      'argMaxRows',
      'classes',
      classes,
      `a whole number of classes that divides the ${values.length} values into rows`,
    );
  }
  const out = new Int32Array(values.length / classes);
  for (let row = 0; row < out.length; row++) {
    let best = 0;
    for (let c = 1; c < classes; c++) {
      if (values[row * classes + c]! > values[row * classes + best]!) best = c;
    }
    out[row] = best;
  }
  return out;
}
