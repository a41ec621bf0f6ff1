/**
 * A line chart's text alternative: its title, how many points it holds and the last value of each
 * series, e.g. "Loss per epoch, 3 points; at epoch 3: training 0.0712, validation 0.0954". Screen
 * readers get this instead of the canvas, which they cannot read.
 *
 * @param title - The chart's title.
 * @param xLabel - The name of x ("epoch", "step").
 * @param series - One label per series, in the order of `ys`.
 * @param xs - The points' x values.
 * @param ys - One array of values per series, as long as `xs`; `null` is a gap.
 * @returns The summary; "no data yet" when `xs` is empty.
 */
export function chartSummary(
  title: string,
  xLabel: string,
  series: readonly string[],
  xs: readonly number[],
  ys: readonly (readonly (number | null)[])[],
): string {
  if (xs.length === 0) return `${title}: no data yet`;
  const last = xs.length - 1;
  const x = xs[last]!;
  const values = series.map((label, i) => {
    // The last value the series has: validation, say, is only there at the end of an epoch.
    const column = ys[i] ?? [];
    let at = last;
    while (at >= 0 && column[at] == null) at--;
    return at < 0 ? `${label} none` : `${label} ${column[at]!.toFixed(4)}`;
  });
  const where = Number.isInteger(x) ? String(x) : x.toFixed(2);
  const points = `${xs.length} point${xs.length === 1 ? '' : 's'}`;
  return `${title}, ${points}; at ${xLabel} ${where}: ${values.join(', ')}`;
}
