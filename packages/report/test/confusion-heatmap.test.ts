// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { renderConfusionHeatmap } from '../src';

const DIGITS = ['0', '1', '2'];
const FASHION = ['T-shirt/top', 'Trouser', 'Pullover'];

/** Three classes; two 2s (true) were predicted as class 1. */
const matrix = [
  [5, 0, 0],
  [0, 4, 1],
  [0, 2, 3],
];

function rowHeaders(container: HTMLElement): string[] {
  return [...container.querySelectorAll('tbody th')].map((th) => th.textContent ?? '');
}

function columnHeaders(container: HTMLElement): string[] {
  return [...container.querySelectorAll('thead th')].map((th) => th.textContent ?? '');
}

describe('renderConfusionHeatmap', () => {
  it('heads the rows with the true names and the columns with the predicted ones', () => {
    const container = document.createElement('div');
    renderConfusionHeatmap(container, matrix, FASHION, DIGITS);
    expect(rowHeaders(container)).toEqual(DIGITS);
    expect(columnHeaders(container)).toEqual(['true \\ predicted', ...FASHION, 'recall']);
    const cell = container.querySelectorAll('tbody tr')[2]!.querySelectorAll('td')[1]!;
    expect(cell.textContent).toBe('2');
    expect(cell.title).toBe('true 2, predicted Trouser: 2 (40.0% of 2)');
  });

  it('heads both with classNames when no true names are given', () => {
    const container = document.createElement('div');
    renderConfusionHeatmap(container, matrix, FASHION);
    expect(rowHeaders(container)).toEqual(FASHION);
    expect(columnHeaders(container).slice(1, 4)).toEqual(FASHION);
    const cell = container.querySelectorAll('tbody tr')[2]!.querySelectorAll('td')[1]!;
    expect(cell.title).toBe('true Pullover, predicted Trouser: 2 (40.0% of Pullover)');
  });

  it('heads both with the indices without names', () => {
    const container = document.createElement('div');
    renderConfusionHeatmap(container, matrix);
    expect(rowHeaders(container)).toEqual(DIGITS);
    const cell = container.querySelectorAll('tbody tr')[1]!.querySelectorAll('td')[2]!;
    expect(cell.title).toBe('true 1, predicted 2: 1 (20.0% of 1s)');
  });
});
