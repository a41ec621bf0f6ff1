import { thrown } from '@mnist-wasm/test-utils';
import { describe, expect, it } from 'vitest';
import {
  confusionMatrix,
  EvaluatorOptionError,
  formatConfusionMatrix,
  LabelsError,
  maxConfusionClasses,
  textWidth,
} from '../src';

// Worked by hand, with class 3 never occurring nor predicted:
//            pred 0  1  2  3
//   true 0        1  1  0  0
//   true 1        1  2  0  0
//   true 2        1  1  2  0
//   true 3        0  0  0  0
const TRUE_LABELS = [0, 0, 1, 1, 1, 2, 2, 2, 2];
const PREDICTED = [0, 1, 1, 1, 0, 2, 2, 1, 0];

describe('confusionMatrix', () => {
  const result = confusionMatrix(TRUE_LABELS, PREDICTED, 4);

  it('counts true class against predicted class', () => {
    expect(result.counts).toEqual([
      [1, 1, 0, 0],
      [1, 2, 0, 0],
      [1, 1, 2, 0],
      [0, 0, 0, 0],
    ]);
    expect(result.support).toEqual([2, 3, 4, 0]);
    expect(result.predicted).toEqual([3, 4, 2, 0]);
    expect(result.total).toBe(9);
    expect(result.numClasses).toBe(4);
  });

  it('gives precision and recall per class, NaN for a class never predicted or present', () => {
    [1 / 3, 2 / 4, 2 / 2].forEach((p, c) => {
      expect(result.precision[c]).toBeCloseTo(p, 12);
    });
    [1 / 2, 2 / 3, 2 / 4].forEach((r, c) => {
      expect(result.recall[c]).toBeCloseTo(r, 12);
    });
    expect(result.precision[3]).toBeNaN();
    expect(result.recall[3]).toBeNaN();
    expect(result.accuracy).toBeCloseTo(5 / 9, 12);
  });

  it('takes typed arrays and defaults to 10 classes', () => {
    const digits = confusionMatrix(new Uint8Array([9, 9, 3]), new Int32Array([9, 3, 3]));
    expect(digits.numClasses).toBe(10);
    expect(digits.counts[9]).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
    expect(digits.precision[3]).toBeCloseTo(1 / 2, 12);
    expect(digits.recall[9]).toBeCloseTo(1 / 2, 12);
  });

  it('rejects labels of different lengths, out-of-range labels and bad class counts', () => {
    expect(() => confusionMatrix([0, 1], [0])).toThrow(LabelsError);
    expect(() => confusionMatrix([0, 1], [0])).toThrow(/2 true labels but 1 predicted/);
    expect(() => confusionMatrix([0, 4], [0, 1], 4)).toThrow(/trueLabels\[1\] is 4/);
    expect(() => confusionMatrix([0, 1], [0, 0.5], 4)).toThrow(/predictedLabels\[1\] is 0.5/);
    expect(() => confusionMatrix([0], [0], 0)).toThrow(EvaluatorOptionError);
    expect(() => confusionMatrix([0], [0], 2.5)).toThrow(
      /confusionMatrix: numClasses is 2.5; use an integer from 1 to 1,000, such as 10/,
    );
  });

  it('refuses more than maxConfusionClasses classes before allocating the matrix', () => {
    // 100,000 classes used to allocate 10^10 counts and abort the process (heap).
    const error = thrown(() => confusionMatrix([0], [0], 100_000));
    expect(error).toBeInstanceOf(EvaluatorOptionError);
    expect(error).toMatchObject({
      caller: 'confusionMatrix',
      option: 'numClasses',
      value: 100_000,
    });
    expect(error.message).toBe(
      'confusionMatrix: numClasses is 100000; use an integer from 1 to 1,000, such as 10.',
    );
    expect(() => confusionMatrix([0], [0], maxConfusionClasses + 1)).toThrow(EvaluatorOptionError);
    // The limit itself is counted.
    const largest = confusionMatrix([0, 999], [999, 999], maxConfusionClasses);
    expect(maxConfusionClasses).toBe(1000);
    expect(largest.counts).toHaveLength(1000);
    expect(largest.counts[0]![999]).toBe(1);
    expect(largest.recall[999]).toBe(1);
  });
});

describe('formatConfusionMatrix', () => {
  it('prints a header, one row per true class with support and recall, precision and accuracy', () => {
    const lines = formatConfusionMatrix(confusionMatrix(TRUE_LABELS, PREDICTED, 4)).split('\n');
    expect(lines).toHaveLength(1 + 4 + 2);
    expect(lines[0]!.trim().split(/\s+/)).toEqual([
      'true\\pred',
      '0',
      '1',
      '2',
      '3',
      'support',
      'recall',
    ]);
    expect(lines[2]!.trim().split(/\s+/)).toEqual(['1', '1', '2', '0', '0', '3', '0.6667']);
    expect(lines[4]!.trim().split(/\s+/)).toEqual(['3', '0', '0', '0', '0', '0', '-']);
    expect(lines[5]!.trim().split(/\s+/)).toEqual(['precision', '0.3333', '0.5000', '1.0000', '-']);
    expect(lines[6]).toBe('accuracy 0.5556 (9 examples)');
  });

  it('aligns the columns', () => {
    const lines = formatConfusionMatrix(confusionMatrix(TRUE_LABELS, PREDICTED, 4)).split('\n');
    const rowLength = lines[0]!.length;
    for (const line of lines.slice(1, 5)) expect(line.length).toBe(rowLength);
  });

  it('heads rows and columns with class names, aligned by terminal columns (kana take two)', () => {
    const names = ['お (o)', 'T-shirt/top', 'つ (tsu)', 'Bag'];
    const lines = formatConfusionMatrix(confusionMatrix(TRUE_LABELS, PREDICTED, 4), {
      classNames: names,
    }).split('\n');
    expect(lines[0]).toMatch(
      /^ +true\\pred +お \(o\) +T-shirt\/top +つ \(tsu\) +Bag +support +recall$/,
    );
    expect(lines[3]).toMatch(/^ +つ \(tsu\) +1 +1 +2 +0 +4 +0\.5000$/);
    const width = textWidth(lines[0]!);
    for (const line of lines.slice(1, 5)) expect(textWidth(line)).toBe(width);
    expect(textWidth('つ (tsu)')).toBe(8);
    expect('つ (tsu)'.length).toBe(7);
  });

  it('refuses a name list of the wrong length', () => {
    expect(
      thrown(() =>
        formatConfusionMatrix(confusionMatrix(TRUE_LABELS, PREDICTED, 4), { classNames: ['a'] }),
      ),
    ).toMatchObject({
      name: 'RangeError',
      message:
        'formatConfusionMatrix: 1 class names for a 4-class matrix; pass one name per class.',
    });
  });
});
