/** Heat colour scale stops (white through yellow to dark red), as RGB, evenly spaced over 0–1. */
const HEAT_STOPS: [number, number, number][] = [
  [255, 255, 255],
  [255, 237, 160],
  [254, 178, 76],
  [240, 59, 32],
  [128, 0, 38],
];

/** Returns the CSS colour of `t` (0–1) on the heat scale. */
function heatColour(t: number): string {
  const position = Math.min(1, Math.max(0, t)) * (HEAT_STOPS.length - 1);
  const index = Math.min(Math.floor(position), HEAT_STOPS.length - 2);
  const from = HEAT_STOPS[index]!;
  const to = HEAT_STOPS[index + 1]!;
  const mix = position - index;
  const [r, g, b] = from.map((channel, i) => Math.round(channel + (to[i]! - channel) * mix));
  return `rgb(${r} ${g} ${b})`;
}

/**
 * Colour of a cell holding `share` (0–1) of its row. A square-root scale, so that a 1% confusion
 * is visibly tinted next to a 98% diagonal.
 */
function shareColour(share: number): string {
  return heatColour(Math.sqrt(share));
}

/** Formats `numerator / denominator` as a percentage, or an en dash when undefined. */
function percent(numerator: number, denominator: number): string {
  return denominator > 0 ? `${((numerator / denominator) * 100).toFixed(1)}%` : '–';
}

/** Creates a table cell; header cells default to column scope. */
function cell(tag: 'th' | 'td', text: string, className?: string): HTMLTableCellElement {
  const element = document.createElement(tag);
  element.textContent = text;
  if (className) element.className = className;
  if (tag === 'th') element.scope = 'col';
  return element;
}

/** Creates a row header cell. */
function rowHeader(text: string): HTMLTableCellElement {
  const header = cell('th', text);
  header.scope = 'row';
  return header;
}

/**
 * Replaces the content of `container` with a confusion matrix table: rows are true classes,
 * columns predicted classes. Each cell shows its count on a heat colour scaled by the share of its
 * row (so every class is readable whatever its size); the last column gives each class's recall,
 * the last row its precision, and the corner the overall accuracy. A colour legend follows.
 * Rows and columns may be named apart: a model evaluated on another data set than it was trained
 * on predicts its own classes of the set's images.
 *
 * @param matrix - `[classes, classes]` counts, `matrix[true][predicted]`.
 * @param classNames - The predicted classes' names, class 0 first: the model's. They head the
 *   columns; absent, the indices do.
 * @param trueClassNames - The true classes' names, class 0 first: the evaluated data set's. They
 *   head the rows; absent, `classNames` do.
 */
export function renderConfusionHeatmap(
  container: HTMLElement,
  matrix: number[][],
  classNames?: readonly string[],
  trueClassNames: readonly string[] | undefined = classNames,
): void {
  const n = matrix.length;
  const name = (index: number): string => classNames?.[index] ?? String(index);
  const trueName = (index: number): string => trueClassNames?.[index] ?? String(index);
  const count = (row: number, column: number): number => matrix[row]?.[column] ?? 0;
  const rowTotals = matrix.map((row) => row.reduce((sum, value) => sum + value, 0));
  const columnTotals = matrix.map((_, column) =>
    matrix.reduce((sum, _row, row) => sum + count(row, column), 0),
  );
  const total = rowTotals.reduce((sum, value) => sum + value, 0);
  const correct = matrix.reduce((sum, _row, i) => sum + count(i, i), 0);

  const table = document.createElement('table');
  table.className = 'confusion';
  table.createCaption().textContent =
    'Rows: true class; columns: predicted class. Colour: share of the true class (square-root scale).';

  const head = table.createTHead().insertRow();
  head.append(cell('th', 'true \\ predicted'));
  for (let column = 0; column < n; column++) head.append(cell('th', name(column)));
  head.append(cell('th', 'recall'));

  const body = table.createTBody();
  for (let row = 0; row < n; row++) {
    const tr = body.insertRow();
    tr.append(rowHeader(trueName(row)));
    const rowTotal = rowTotals[row] ?? 0;
    for (let column = 0; column < n; column++) {
      const value = count(row, column);
      const share = rowTotal > 0 ? value / rowTotal : 0;
      const td = cell('td', String(value), row === column ? 'is-diagonal' : undefined);
      td.style.background = shareColour(share);
      td.style.color = Math.sqrt(share) > 0.6 ? '#fff' : '';
      td.title = `true ${trueName(row)}, predicted ${name(column)}: ${value} (${percent(value, rowTotal)} of ${trueClassNames ? trueName(row) : `${row}s`})`;
      tr.append(td);
    }
    tr.append(cell('td', percent(count(row, row), rowTotal), 'confusion__metric'));
  }

  const foot = table.createTFoot().insertRow();
  foot.append(rowHeader('precision'));
  for (let column = 0; column < n; column++) {
    foot.append(
      cell('td', percent(count(column, column), columnTotals[column] ?? 0), 'confusion__metric'),
    );
  }
  const accuracy = cell('td', percent(correct, total), 'confusion__metric');
  accuracy.title = 'accuracy';
  foot.append(accuracy);

  container.replaceChildren(table, legend());
}

/** The colour scale's legend: a gradient from 0% to 100% of the true class, linear in the share. */
function legend(): HTMLElement {
  const element = document.createElement('div');
  element.className = 'confusion-legend';
  element.setAttribute('aria-hidden', 'true');
  const scale = document.createElement('span');
  scale.className = 'confusion-legend__scale';
  const stops = Array.from({ length: 11 }, (_, i) => shareColour(i / 10));
  scale.style.background = `linear-gradient(to right, ${stops.join(', ')})`;
  element.append('0%', scale, '100% of the true class');
  return element;
}
