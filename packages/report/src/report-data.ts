import { ReportDataError } from './errors';

/**
 * What a report shows: one training run. Plain JSON-compatible data, so it can be embedded in an
 * HTML file as it is; non-finite metrics (a diverged loss) are drawn as gaps.
 */
export interface ReportData {
  /** Heading of the report, e.g. `'mnist-notebook --model mlp --epochs 5 --seed 1'`. */
  title: string;
  /** When the run was made: an ISO date. */
  createdAt: string;
  /** The run's settings, shown as a table. */
  settings: Record<string, string | number | boolean>;
  /** Durations in milliseconds, e.g. `{ load: 120, train: 15500, evaluate: 300 }`. */
  timings: Record<string, number>;
  /**
   * One point per batch; `x` is the epoch plus the fraction of it done (at most a few thousand
   * points: downsample longer runs).
   */
  batches: { x: number; loss: number; accuracy: number }[];
  /** One entry per epoch (`epoch` counts from 1), with validation figures when there were any. */
  epochs: {
    epoch: number;
    loss: number;
    accuracy: number;
    valLoss?: number;
    valAccuracy?: number;
  }[];
  /** The test set's evaluation. */
  test: { loss: number; accuracy: number; count: number };
  /** Confusion matrix: `confusion[true][predicted]` counts, square. */
  confusion: number[][];
  /** Misclassified test digits; `pixels`: 784 values 0–255, row-major, white on black. */
  misclassified: { pixels: number[]; label: number; predicted: number; probability: number }[];
  /**
   * The name of each class, class 0 first (one per row of `confusion`), e.g. Fashion-MNIST's
   * `'T-shirt/top'`; absent: classes are shown by index.
   */
  classNames?: string[];
}

/** Number of pixels of an MNIST digit (28×28). */
const PIXELS = 28 * 28;

type Check = (value: unknown) => boolean;

const isNumber: Check = (value) => typeof value === 'number';
const isFiniteNonNegative: Check = (value) =>
  typeof value === 'number' && value >= 0 && Number.isFinite(value);
const isCount: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 0;
const isProbability: Check = (value) => typeof value === 'number' && value >= 0 && value <= 1;
const isPixel: Check = (value) => typeof value === 'number' && value >= 0 && value <= 255;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expect(field: string, value: unknown, check: Check, allowed: string): void {
  if (!check(value)) throw new ReportDataError(field, value, allowed);
}

function expectObject(field: string, value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw new ReportDataError(field, value, 'an object');
  return value;
}

function expectArray(field: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new ReportDataError(field, value, 'an array');
  return value;
}

/**
 * Checks that `data` is {@link ReportData}: every field present with the right type and range
 * (counts are non-negative integers, probabilities 0–1, pixels 784 values 0–255, the confusion
 * matrix square). Metrics may be any number, NaN included.
 *
 * @throws ReportDataError naming the first bad field (`'batches[3].loss'`), its value and what is
 *   accepted.
 */
export function checkReportData(data: unknown): asserts data is ReportData {
  const root = expectObject('data', data);
  expect('title', root.title, (v) => typeof v === 'string', 'a string');
  expect('createdAt', root.createdAt, (v) => typeof v === 'string', 'a string (an ISO date)');

  const settings = expectObject('settings', root.settings);
  for (const [key, value] of Object.entries(settings)) {
    expect(
      `settings.${key}`,
      value,
      (v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean',
      'a string, a number or a boolean',
    );
  }
  const timings = expectObject('timings', root.timings);
  for (const [key, value] of Object.entries(timings)) {
    expect(`timings.${key}`, value, isFiniteNonNegative, 'a number of milliseconds (0 or more)');
  }

  expectArray('batches', root.batches).forEach((item, i) => {
    const batch = expectObject(`batches[${i}]`, item);
    for (const key of ['x', 'loss', 'accuracy']) {
      expect(`batches[${i}].${key}`, batch[key], isNumber, 'a number');
    }
  });
  expectArray('epochs', root.epochs).forEach((item, i) => {
    const epoch = expectObject(`epochs[${i}]`, item);
    for (const key of ['epoch', 'loss', 'accuracy']) {
      expect(`epochs[${i}].${key}`, epoch[key], isNumber, 'a number');
    }
    for (const key of ['valLoss', 'valAccuracy']) {
      if (epoch[key] !== undefined) {
        expect(`epochs[${i}].${key}`, epoch[key], isNumber, 'a number or undefined');
      }
    }
  });

  const test = expectObject('test', root.test);
  expect('test.loss', test.loss, isNumber, 'a number');
  expect('test.accuracy', test.accuracy, isNumber, 'a number');
  expect('test.count', test.count, isCount, 'a non-negative integer');

  const confusion = expectArray('confusion', root.confusion);
  confusion.forEach((item, i) => {
    const row = expectArray(`confusion[${i}]`, item);
    if (row.length !== confusion.length) {
      throw new ReportDataError(
        `confusion[${i}]`,
        row,
        `a row of ${confusion.length} counts (the matrix is square)`,
      );
    }
    row.forEach((value, j) => {
      expect(`confusion[${i}][${j}]`, value, isCount, 'a non-negative integer');
    });
  });

  expectArray('misclassified', root.misclassified).forEach((item, i) => {
    const digit = expectObject(`misclassified[${i}]`, item);
    const pixels = expectArray(`misclassified[${i}].pixels`, digit.pixels);
    if (pixels.length !== PIXELS) {
      throw new ReportDataError(`misclassified[${i}].pixels`, pixels, `${PIXELS} values 0-255`);
    }
    pixels.forEach((value, j) => {
      expect(`misclassified[${i}].pixels[${j}]`, value, isPixel, 'a number from 0 to 255');
    });
    expect(`misclassified[${i}].label`, digit.label, isCount, 'a non-negative integer');
    expect(`misclassified[${i}].predicted`, digit.predicted, isCount, 'a non-negative integer');
    expect(
      `misclassified[${i}].probability`,
      digit.probability,
      isProbability,
      'a number from 0 to 1',
    );
  });
  if (root.classNames !== undefined) {
    const names = expectArray('classNames', root.classNames);
    if (names.length !== confusion.length) {
      throw new ReportDataError(
        'classNames',
        names,
        `one name per class (${confusion.length}, as the confusion matrix has)`,
      );
    }
    names.forEach((name, i) => {
      expect(
        `classNames[${i}]`,
        name,
        (v) => typeof v === 'string' && v !== '',
        'a non-empty string',
      );
    });
  }
}
