import { describe, expect, it } from 'vitest';
import { chartSummary } from '../src/views/chart-summary';

describe('chartSummary', () => {
  it('says when the chart is empty', () => {
    expect(chartSummary('Loss per epoch', 'epoch', ['training'], [], [[]])).toBe(
      'Loss per epoch: no data yet',
    );
  });

  it('gives the last value of each series, skipping its gaps', () => {
    const summary = chartSummary(
      'Loss per epoch',
      'epoch',
      ['training', 'validation'],
      [1, 2],
      [
        [0.5, 0.25],
        [0.625, null],
      ],
    );
    expect(summary).toBe(
      'Loss per epoch, 2 points; at epoch 2: training 0.2500, validation 0.6250',
    );
  });

  it('says one point, and rounds a fractional x', () => {
    expect(chartSummary('Loss per batch', 'epoch', ['batch'], [0.125], [[1]])).toBe(
      'Loss per batch, 1 point; at epoch 0.13: batch 1.0000',
    );
    expect(chartSummary('A', 'step', ['b'], [3], [[null]])).toBe('A, 1 point; at step 3: b none');
  });
});
