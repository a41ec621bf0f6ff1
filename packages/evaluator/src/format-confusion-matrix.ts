import type { ConfusionMatrix } from './confusion-matrix';
import { padStartColumns, textWidth } from './text-width';

/** Options of {@link formatConfusionMatrix}. */
export interface FormatConfusionMatrixOptions {
  /**
   * One name per class, class 0 first, to head the rows and columns with (`'Sneaker'`, `'つ (tsu)'`);
   * default the class indices. Columns are as wide as the widest name in terminal columns (a
   * CJK character takes two).
   */
  classNames?: readonly string[] | undefined;
}

/**
 * A confusion matrix as a text table: rows are true classes, columns predicted classes, with each
 * row's support and recall, a precision row, and the overall accuracy. Undefined (NaN) precision or
 * recall shows as `-`.
 *
 * @param result - From {@link confusionMatrix}.
 * @param options - `classNames` to name the rows and columns by.
 * @returns Lines separated by `\n`, without a trailing newline.
 * @throws RangeError when `classNames` does not hold one name per class.
 *
 * @example
 * ```ts
 * console.log(formatConfusionMatrix(confusionMatrix(test.labels, predicted)));
 * // true\pred      0     1 ...  support  recall
 * //        0    970     0 ...      980  0.9898
 * ```
 */
export function formatConfusionMatrix(
  result: ConfusionMatrix,
  options: FormatConfusionMatrixOptions = {},
): string {
  const classes = result.counts.length;
  const { classNames } = options;
  if (classNames !== undefined && classNames.length !== classes) {
    throw new RangeError(
      `formatConfusionMatrix: ${classNames.length} class names for a ${classes}-class matrix; pass one name per class.`,
    );
  }
  const names = result.counts.map((_, c) => classNames?.[c] ?? String(c));
  const nameWidth = Math.max(...names.map(textWidth));
  // Wide enough for a count, a ratio such as 0.9898 or a class name, plus a space.
  const countWidth = Math.max(7, String(result.total).length + 1, nameWidth + 1);
  const labelWidth = Math.max(9, nameWidth);
  const cell = (text: string) => padStartColumns(text, countWidth);
  const header = [
    'true\\pred'.padStart(labelWidth),
    ...names.map(cell),
    'support'.padStart(9),
    'recall'.padStart(8),
  ];
  const rows = result.counts.map((row, c) =>
    [
      padStartColumns(names[c]!, labelWidth),
      ...row.map((count) => cell(String(count))),
      String(result.support[c]).padStart(9),
      formatRatio(result.recall[c]!).padStart(8),
    ].join(''),
  );
  const precisionRow = [
    'precision'.padStart(labelWidth),
    ...result.precision.map((p) => cell(formatRatio(p))),
  ];
  return [
    header.join(''),
    ...rows,
    precisionRow.join('').trimEnd(),
    `accuracy ${formatRatio(result.accuracy)} (${result.total} examples)`,
  ].join('\n');
}

function formatRatio(value: number): string {
  return Number.isNaN(value) ? '-' : value.toFixed(4);
}
