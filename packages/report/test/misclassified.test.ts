// @vitest-environment happy-dom
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type MisclassifiedItem, renderMisclassified } from '../src';

const FASHION = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress'];
const DIGITS = ['0', '1', '2', '3'];

const pixels = new Uint8Array(28 * 28);
const items: MisclassifiedItem[] = [
  { pixels, label: 3, predicted: 1, probability: 0.97 },
  { pixels, label: 0, predicted: 2, probability: 0.5 },
];

function captions(container: HTMLElement): string[] {
  return [...container.querySelectorAll('figcaption')].map((caption) => caption.textContent ?? '');
}

function predictions(container: HTMLElement): string[] {
  return [...container.querySelectorAll('.misclassified__predicted')].map(
    (span) => span.textContent ?? '',
  );
}

describe('renderMisclassified', () => {
  // happy-dom draws nothing: a 2D context that takes the digit's pixels is all the gallery needs.
  beforeAll(() => {
    const context = { putImageData: vi.fn(), drawImage: vi.fn(), imageSmoothingEnabled: true };
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(
      context as unknown as CanvasRenderingContext2D,
    );
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it('names the true class by the true names and the prediction by classNames', () => {
    const container = document.createElement('div');
    renderMisclassified(container, items, FASHION, DIGITS);
    expect(captions(container)).toEqual([
      'true 3, predicted Trouser (97%)',
      'true 0, predicted Pullover (50%)',
    ]);
    expect(predictions(container)).toEqual(['predicted Trouser', 'predicted Pullover']);
  });

  it('names both by classNames when no true names are given', () => {
    const container = document.createElement('div');
    renderMisclassified(container, items, FASHION);
    expect(captions(container)).toEqual([
      'true Dress, predicted Trouser (97%)',
      'true T-shirt/top, predicted Pullover (50%)',
    ]);
  });

  it('names both by index without names, and says when there are no mistakes', () => {
    const container = document.createElement('div');
    renderMisclassified(container, items);
    expect(captions(container)[0]).toBe('true 3, predicted 1 (97%)');
    renderMisclassified(container, [], FASHION, DIGITS);
    expect(container.textContent).toBe('No misclassified digits.');
  });
});
