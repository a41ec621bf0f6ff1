import { describe, expect, it } from 'vitest';
import { checkReportData, ReportDataError, ReportError } from '../src';
import { fakeReportData } from './fake-data';
import { FASHION_NAMES } from './fashion-names';

/** The error checkReportData throws for `data`. */
function dataError(data: unknown): ReportDataError {
  try {
    checkReportData(data);
  } catch (error) {
    expect(error).toBeInstanceOf(ReportDataError);
    expect(error).toBeInstanceOf(ReportError);
    return error as ReportDataError;
  }
  return expect.unreachable('expected a ReportDataError');
}

describe('checkReportData', () => {
  it('accepts valid data, NaN metrics and missing validation included', () => {
    const data = fakeReportData({ epochs: [{ epoch: 1, loss: Number.NaN, accuracy: 0.1 }] });
    expect(() => checkReportData(data)).not.toThrow();
    expect(() =>
      checkReportData(fakeReportData({ batches: [], misclassified: [], confusion: [] })),
    ).not.toThrow();
  });

  it('accepts one class name per class, and refuses a wrong count or an empty name', () => {
    const names = FASHION_NAMES;
    expect(() => checkReportData({ ...fakeReportData(), classNames: names })).not.toThrow();
    expect(dataError({ ...fakeReportData(), classNames: names.slice(0, 3) }).field).toBe(
      'classNames',
    );
    expect(dataError({ ...fakeReportData(), classNames: [...names.slice(0, 9), ''] }).field).toBe(
      'classNames[9]',
    );
  });

  it('names the first bad field, its value and what is accepted', () => {
    const data = fakeReportData();
    (data.epochs[1] as { accuracy: unknown }).accuracy = '0.9';
    const error = dataError(data);
    expect(error.name).toBe('ReportDataError');
    expect(error.field).toBe('epochs[1].accuracy');
    expect(error.value).toBe('0.9');
    expect(error.message).toBe('report data: epochs[1].accuracy is "0.9"; use a number.');
  });

  it.each([
    ['data', null],
    ['title', { ...fakeReportData(), title: 1 }],
    ['settings.model', { ...fakeReportData(), settings: { model: null } }],
    ['timings.train', { ...fakeReportData(), timings: { train: -1 } }],
    ['batches', { ...fakeReportData(), batches: {} }],
    ['batches[0].x', { ...fakeReportData(), batches: [{ loss: 1, accuracy: 0 }] }],
    ['test.count', { ...fakeReportData(), test: { loss: 1, accuracy: 1, count: 1.5 } }],
    ['confusion[1]', { ...fakeReportData(), confusion: [[1, 0], [0]] }],
    [
      'confusion[0][1]',
      {
        ...fakeReportData(),
        confusion: [
          [1, -1],
          [0, 1],
        ],
      },
    ],
    [
      'misclassified[0].pixels',
      {
        ...fakeReportData(),
        misclassified: [{ pixels: [0], label: 1, predicted: 2, probability: 1 }],
      },
    ],
    [
      'misclassified[0].probability',
      {
        ...fakeReportData(),
        misclassified: [
          { pixels: new Array(784).fill(255), label: 1, predicted: 2, probability: 2 },
        ],
      },
    ],
  ])('rejects a bad %s', (field, data) => {
    expect(dataError(data).field).toBe(field);
  });
});
