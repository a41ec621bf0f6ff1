import type { ConfusionMatrix } from './confusion-matrix';

/**
 * A confusion matrix as a text table: rows are true classes, columns predicted classes, with each
 * row's support and recall, a precision row, and the overall accuracy. Undefined (NaN) precision or
 * recall shows as `-`.
 *
 * @param result - From {@link confusionMatrix}.
 * @returns Lines separated by `\n`, without a trailing newline.
 *
 * @example
 * ```ts
 * console.log(formatConfusionMatrix(confusionMatrix(test.labels, predicted)));
 * // true\pred      0     1 ...  support  recall
 * //        0    970     0 ...      980  0.9898
 * ```
 */
export function formatConfusionMatrix(result: ConfusionMatrix): string {
  // Wide enough for a count or a ratio such as 0.9898, plus a space.
  const countWidth = Math.max(7, String(result.total).length + 1);
  const cell = (text: string) => text.padStart(countWidth);
  const header = [
    'true\\pred'.padStart(9),
    ...result.counts.map((_, c) => cell(String(c))),
    'support'.padStart(9),
    'recall'.padStart(8),
  ];
  const rows = result.counts.map((row, c) =>
    [
      String(c).padStart(9),
      ...row.map((count) => cell(String(count))),
      String(result.support[c]).padStart(9),
      formatRatio(result.recall[c]!).padStart(8),
    ].join(''),
  );
  const precisionRow = [
    'precision'.padStart(9),
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
