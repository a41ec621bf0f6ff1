import { checkReportData, type ReportData } from './report-data';
import { renderConfusionHeatmap } from './views/confusion';
import { createLineChart, type LineChart } from './views/line-chart';
import { renderMisclassified } from './views/misclassified';
import { createSmoother } from './views/smoother';

/** Creates an element with a class name and, optionally, text. */
function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (className) created.className = className;
  if (text !== undefined) created.textContent = text;
  return created;
}

/** A number for a chart: non-finite values (a diverged loss) become gaps. */
function point(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

/** Milliseconds as people read them: `850 ms`, `15.5 s`, `2 min 05 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** A two-column table of `rows` (name, value) under `caption`; numbers right-aligned. */
function keyValueTable(
  caption: string,
  rows: [string, string | number | boolean][],
  format: (value: string | number | boolean) => string = String,
): HTMLTableElement {
  const table = element('table', 'report__table');
  table.createCaption().textContent = caption;
  const body = table.createTBody();
  if (rows.length === 0) {
    const cell = body.insertRow().insertCell();
    cell.colSpan = 2;
    cell.className = 'report__note';
    cell.textContent = 'none';
  }
  for (const [name, value] of rows) {
    const row = body.insertRow();
    const header = element('th', undefined, name);
    header.scope = 'row';
    const cell = element('td', typeof value === 'number' ? 'is-number' : undefined, format(value));
    row.append(header, cell);
  }
  return table;
}

/** A section with a heading, appended to `parent`. */
function section(parent: HTMLElement, title: string, testId: string): HTMLElement {
  const created = element('section', 'report__section');
  created.dataset.testid = testId;
  created.append(element('h2', undefined, title));
  parent.append(created);
  return created;
}

/** The chart options of the page's four training charts, by test id. */
const CHARTS = {
  batchLoss: { title: 'Loss per batch', series: ['batch', 'smoothed'], yLabel: 'loss' },
  batchAccuracy: { title: 'Accuracy per batch', series: ['batch', 'smoothed'], yLabel: 'accuracy' },
  epochLoss: { title: 'Loss per epoch', series: ['training', 'validation'], yLabel: 'loss' },
  epochAccuracy: {
    title: 'Accuracy per epoch',
    series: ['training', 'validation'],
    yLabel: 'accuracy',
  },
} as const;

/**
 * Replaces the content of `container` (which must be in the document, so the charts get its
 * width) with the report of one run: its title and date, settings and timings tables, the loss
 * and accuracy charts per batch (raw and smoothed, as the page draws them) and per epoch (with
 * validation), the test result, the confusion heatmap and the misclassified digits. Browser only.
 *
 * @throws ReportDataError when `data` is not {@link ReportData}, naming the field.
 */
export function renderReport(container: HTMLElement, data: ReportData): void {
  checkReportData(data);
  const root = element('article', 'mnist-report');
  root.dataset.testid = 'report';
  container.replaceChildren(root);

  root.append(element('h1', undefined, data.title));
  const created = element('p', 'report__created');
  const date = new Date(data.createdAt);
  const shown = Number.isNaN(date.getTime()) ? data.createdAt : date.toLocaleString('en-GB');
  const time = element('time', undefined, shown);
  time.dateTime = data.createdAt;
  created.append('Created ', time);
  root.append(created);

  const run = section(root, 'Run', 'report-run');
  const tables = element('div', 'report__tables');
  tables.append(
    keyValueTable('Settings', Object.entries(data.settings)),
    keyValueTable('Timings', Object.entries(data.timings), (ms) => formatDuration(ms as number)),
  );
  run.append(tables);

  const training = section(root, 'Training', 'report-training');
  const grid = element('div', 'report__charts');
  training.append(grid);
  const charts = {} as Record<keyof typeof CHARTS, LineChart>;
  for (const [key, options] of Object.entries(CHARTS) as [
    keyof typeof CHARTS,
    (typeof CHARTS)[keyof typeof CHARTS],
  ][]) {
    const holder = element('div', 'report__chart');
    grid.append(holder);
    const testId = `chart-${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
    charts[key] = createLineChart(holder, {
      ...options,
      series: [...options.series],
      xLabel: 'epoch',
      testId,
    });
  }
  const lossSmoother = createSmoother();
  const accuracySmoother = createSmoother();
  for (const batch of data.batches) {
    const loss = point(batch.loss);
    const accuracy = point(batch.accuracy);
    charts.batchLoss.push(batch.x, [loss, loss === null ? null : lossSmoother.next(loss)]);
    charts.batchAccuracy.push(batch.x, [
      accuracy,
      accuracy === null ? null : accuracySmoother.next(accuracy),
    ]);
  }
  for (const epoch of data.epochs) {
    charts.epochLoss.push(epoch.epoch, [point(epoch.loss), point(epoch.valLoss)]);
    charts.epochAccuracy.push(epoch.epoch, [point(epoch.accuracy), point(epoch.valAccuracy)]);
  }

  const test = section(root, 'Test', 'report-test');
  const result = element(
    'p',
    'report__test',
    `Accuracy ${(data.test.accuracy * 100).toFixed(2)}%, loss ${data.test.loss.toFixed(4)}, ` +
      `on ${data.test.count.toLocaleString('en-US')} test digits.`,
  );
  result.dataset.testid = 'report-test-result';
  test.append(result);

  const confusion = section(root, 'Confusion matrix', 'report-confusion');
  const heatmap = element('div');
  confusion.append(heatmap);
  renderConfusionHeatmap(heatmap, data.confusion, data.classNames);

  const misclassified = section(root, 'Misclassified test digits', 'report-misclassified');
  const gallery = element('div');
  misclassified.append(gallery);
  renderMisclassified(
    gallery,
    data.misclassified.map((item) => ({ ...item, pixels: Uint8Array.from(item.pixels) })),
    data.classNames,
  );
}
