// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { ReportOptionError, renderProbabilityBars } from '../src';
import { FASHION_NAMES as FASHION } from './fashion-names';

/** Ten probabilities, most on class 7. */
const probabilities = Float32Array.from([0.01, 0, 0, 0.02, 0, 0.05, 0, 0.9, 0.02, 0]);

function items(container: HTMLElement): HTMLLIElement[] {
  return [...container.querySelectorAll('ol.prob-bars > li')] as HTMLLIElement[];
}

describe('renderProbabilityBars', () => {
  it('labels the bars with the class names, in their aria-labels and data too', () => {
    const container = document.createElement('div');
    renderProbabilityBars(container, probabilities, { highlight: 7, classNames: FASHION });
    const bars = items(container);
    expect(bars.map((item) => item.querySelector('.prob-bars__label')?.textContent)).toEqual(
      FASHION,
    );
    expect(bars.map((item) => item.dataset.className)).toEqual(FASHION);
    expect(bars[7]!.getAttribute('aria-label')).toBe('Sneaker: 90.0%');
    expect(bars[7]!.getAttribute('aria-current')).toBe('true');
    expect(bars[9]!.querySelector('.prob-bars__label')?.getAttribute('title')).toBe('Ankle boot');
    expect(container.querySelector('ol')!.classList.contains('named')).toBe(true);
  });

  it('labels the bars 0-9 without names, as digits', () => {
    const container = document.createElement('div');
    renderProbabilityBars(container, probabilities, { testId: 'bars' });
    const bars = items(container);
    const digits = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
    expect(bars.map((item) => item.querySelector('.prob-bars__label')?.textContent)).toEqual(
      digits,
    );
    expect(bars[3]!.getAttribute('aria-label')).toBe('3: 2.0%');
    expect(container.querySelector('ol')!.classList.contains('named')).toBe(false);
    expect(container.querySelector('ol')!.dataset.testid).toBe('bars');
    // The digits given as names are drawn as without them.
    const named = document.createElement('div');
    renderProbabilityBars(named, probabilities, { testId: 'bars', classNames: digits });
    expect(named.innerHTML).toBe(container.innerHTML);
  });

  it('draws one bar per probability, whatever their number', () => {
    const container = document.createElement('div');
    renderProbabilityBars(container, [0.2, 0.5, 0.3], { classNames: ['cat', 'dog', 'fox'] });
    const bars = items(container);
    expect(bars.map((item) => item.getAttribute('aria-label'))).toEqual([
      'cat: 20.0%',
      'dog: 50.0%',
      'fox: 30.0%',
    ]);
  });

  it('throws ReportOptionError naming both counts when the names do not fit', () => {
    const container = document.createElement('div');
    container.textContent = 'kept';
    const draw = () =>
      renderProbabilityBars(container, probabilities, { classNames: ['cat', 'dog', 'fox'] });
    expect(draw).toThrow(ReportOptionError);
    expect(draw).toThrow(
      'renderProbabilityBars: classNames is ["cat", "dog", "fox"]; use one name per probability: 10 names, not 3.',
    );
    // Nothing half-drawn.
    expect(container.textContent).toBe('kept');
  });
});
