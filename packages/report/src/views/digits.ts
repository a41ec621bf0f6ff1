import { ReportOptionError } from '../errors';

/** Side of an MNIST image, in pixels. */
export const DIGIT_SIZE = 28;

/** Default number of screen pixels per MNIST pixel in {@link renderDigit}. */
const DEFAULT_SCALE = 4;

/** Scale of the small digits in {@link renderDigitGrid}. */
const GRID_SCALE = 3;

/**
 * Draws a 28×28 greyscale digit (0–255, white on black, row-major) onto `canvas`, each MNIST
 * pixel becoming a crisp `scale`×`scale` square. Resizes the canvas.
 */
export function renderDigit(
  canvas: HTMLCanvasElement,
  pixels: Uint8Array,
  scale = DEFAULT_SCALE,
): void {
  if (pixels.length !== DIGIT_SIZE * DIGIT_SIZE) {
    throw new RangeError(`Expected ${DIGIT_SIZE * DIGIT_SIZE} pixels, got ${pixels.length}`);
  }
  const image = new ImageData(DIGIT_SIZE, DIGIT_SIZE);
  for (let i = 0; i < pixels.length; i++) {
    const value = pixels[i]!;
    image.data[i * 4] = value;
    image.data[i * 4 + 1] = value;
    image.data[i * 4 + 2] = value;
    image.data[i * 4 + 3] = 255;
  }
  const source = document.createElement('canvas');
  source.width = DIGIT_SIZE;
  source.height = DIGIT_SIZE;
  source.getContext('2d')!.putImageData(image, 0, 0);

  canvas.width = DIGIT_SIZE * scale;
  canvas.height = DIGIT_SIZE * scale;
  canvas.classList.add('digit');
  const context = canvas.getContext('2d')!;
  context.imageSmoothingEnabled = false;
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
}

/** Creates a `<figure>` holding a digit canvas and its caption (the caption is what assistive technology reads). */
export function digitFigure(pixels: Uint8Array, caption: string | Node, scale = GRID_SCALE) {
  const figure = document.createElement('figure');
  const canvas = document.createElement('canvas');
  renderDigit(canvas, pixels, scale);
  canvas.setAttribute('aria-hidden', 'true');
  const figcaption = document.createElement('figcaption');
  figcaption.append(caption);
  figure.append(canvas, figcaption);
  return figure;
}

/** Replaces the content of `container` with a grid of small captioned digits. */
export function renderDigitGrid(
  container: HTMLElement,
  items: { pixels: Uint8Array; caption: string }[],
): void {
  const grid = document.createElement('div');
  grid.className = 'digit-grid';
  grid.append(...items.map((item) => digitFigure(item.pixels, item.caption)));
  container.replaceChildren(grid);
}

/** Options of {@link renderProbabilityBars}. */
export interface ProbabilityBarsOptions {
  /** Class to mark (its index), usually the predicted one. */
  highlight?: number;
  /** Set as `data-testid` on the list. */
  testId?: string;
  /**
   * The name of each class, class 0 first (`'T-shirt/top'`), one per probability; absent, the
   * classes are labelled by their indices, MNIST's digits.
   */
  classNames?: readonly string[];
}

/**
 * Replaces the content of `container` with one horizontal bar per class (one per entry of
 * `probabilities`, each clamped to 0–1), labelled with its class name (or index) and its
 * probability as a percentage; the `highlight`ed class is marked (bold, accent colour,
 * `aria-current`, `data-highlighted`). Names other than the digits widen and clip the label
 * column (the list gets the class `named`); each item carries its name in `data-class-name`.
 *
 * @throws ReportOptionError when `classNames` does not hold one name per probability.
 */
export function renderProbabilityBars(
  container: HTMLElement,
  probabilities: ArrayLike<number>,
  options: ProbabilityBarsOptions = {},
): void {
  const names = classLabels(probabilities.length, options.classNames);
  const list = document.createElement('ol');
  list.className = 'prob-bars';
  if (!names.every((name, index) => name === String(index))) list.classList.add('named');
  list.start = 0;
  if (options.testId) list.dataset.testid = options.testId;

  for (const [index, name] of names.entries()) {
    const probability = Math.min(1, Math.max(0, probabilities[index] ?? 0));
    const percent = `${(probability * 100).toFixed(1)}%`;

    const item = document.createElement('li');
    item.dataset.digit = String(index);
    item.dataset.className = name;
    item.setAttribute('aria-label', `${name}: ${percent}`);
    if (index === options.highlight) {
      item.classList.add('is-highlighted');
      item.dataset.highlighted = 'true';
      item.setAttribute('aria-current', 'true');
    }

    const label = document.createElement('span');
    label.className = 'prob-bars__label';
    label.textContent = name;
    label.title = name;
    const track = document.createElement('span');
    track.className = 'prob-bars__track';
    const fill = document.createElement('span');
    fill.className = 'prob-bars__fill';
    fill.style.width = `${probability * 100}%`;
    track.append(fill);
    const value = document.createElement('span');
    value.className = 'prob-bars__value';
    value.textContent = percent;

    item.append(label, track, value);
    list.append(item);
  }
  container.replaceChildren(list);
}

/** The bars' labels: `classNames` when it names every class, else the indices. */
function classLabels(count: number, classNames: readonly string[] | undefined): string[] {
  if (classNames === undefined) return Array.from({ length: count }, (_, index) => String(index));
  if (classNames.length !== count) {
    throw new ReportOptionError(
      'renderProbabilityBars',
      'classNames',
      classNames,
      `one name per probability: ${count} names, not ${classNames.length}`,
    );
  }
  return [...classNames];
}
