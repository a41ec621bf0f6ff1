import { checkPositiveInteger } from './check-positive-integer';
import { LabelsError } from './errors';

/**
 * The most classes {@link confusionMatrix} counts. The matrix holds `numClasses²` counts as plain
 * arrays: 1,000 classes make a million, 10,000 would make a hundred million, more than a browser
 * tab (or a default Node heap, at a few times that) can hold.
 */
export const maxConfusionClasses = 1_000;

/** What {@link confusionMatrix} returns. Classes are indexed 0 to `numClasses - 1`. */
export interface ConfusionMatrix {
  readonly numClasses: number;
  /** `counts[t][p]`: how many examples of true class `t` were predicted as class `p`. */
  readonly counts: readonly (readonly number[])[];
  /**
   * `precision[c]`: of the examples predicted as `c`, the fraction truly `c`. NaN when nothing was
   * predicted as `c` (undefined rather than 0, so an unused class is not mistaken for a bad one).
   */
  readonly precision: readonly number[];
  /** `recall[c]`: of the examples truly `c`, the fraction predicted as `c`. NaN when no example is `c`. */
  readonly recall: readonly number[];
  /** `support[c]`: how many examples are truly of class `c` (row sums). */
  readonly support: readonly number[];
  /** `predicted[c]`: how many examples were predicted as class `c` (column sums). */
  readonly predicted: readonly number[];
  /** Fraction of all examples predicted correctly (the diagonal over the total); NaN when empty. */
  readonly accuracy: number;
  /** Number of examples. */
  readonly total: number;
}

/**
 * Counts true class against predicted class, with per-class precision and recall, for seeing which
 * digits a model confuses.
 *
 * @param trueLabels - Class indices, integers in `[0, numClasses)`, e.g. a split's `labels`.
 * @param predictedLabels - Class indices of the same length, e.g. from `predictClasses`.
 * @param numClasses - Number of classes, an integer from 1 to {@link maxConfusionClasses} (1,000).
 *   Default 10.
 * @returns A {@link ConfusionMatrix}.
 * @throws LabelsError when the arrays differ in length or a label is not an integer in
 *   `[0, numClasses)`; EvaluatorOptionError for a `numClasses` that is not an integer from 1 to
 *   1,000.
 *
 * @example
 * ```ts
 * const result = confusionMatrix([0, 1, 1], [0, 1, 0], 2);
 * result.counts; // [[1, 0], [1, 1]]
 * result.precision; // [0.5, 1]
 * result.recall; // [1, 0.5]
 * ```
 */
export function confusionMatrix(
  trueLabels: ArrayLike<number>,
  predictedLabels: ArrayLike<number>,
  numClasses = 10,
): ConfusionMatrix {
  const caller = 'confusionMatrix';
  checkPositiveInteger(numClasses, 'numClasses', caller, 10, maxConfusionClasses);
  if (trueLabels.length !== predictedLabels.length) {
    throw new LabelsError(
      `${caller}: ${trueLabels.length} true labels but ${predictedLabels.length} predicted labels; pass one prediction per example.`,
    );
  }
  const counts = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < trueLabels.length; i++) {
    const actual = checkedLabel(trueLabels[i]!, i, 'trueLabels', numClasses);
    const predicted = checkedLabel(predictedLabels[i]!, i, 'predictedLabels', numClasses);
    counts[actual]![predicted]! += 1;
  }
  const classes = counts.map((_, c) => c);
  const support = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const predicted = classes.map((c) => counts.reduce((sum, row) => sum + row[c]!, 0));
  const correct = classes.map((c) => counts[c]![c]!);
  const total = trueLabels.length;
  return {
    numClasses,
    counts,
    precision: classes.map((c) => correct[c]! / predicted[c]!),
    recall: classes.map((c) => correct[c]! / support[c]!),
    support,
    predicted,
    accuracy: correct.reduce((a, b) => a + b, 0) / total,
    total,
  };
}

function checkedLabel(label: number, index: number, name: string, numClasses: number): number {
  if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
    throw new LabelsError(
      `confusionMatrix: ${name}[${index}] is ${label}; labels must be integers from 0 to ${numClasses - 1}.`,
    );
  }
  return label;
}
