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
  /** Digit to mark, usually the predicted one. */
  highlight?: number;
  /** Set as `data-testid` on the list. */
  testId?: string;
}

/**
 * Replaces the content of `container` with one horizontal bar per digit 0–9, labelled with its
 * probability as a percentage; the `highlight`ed digit is marked (bold, accent colour,
 * `aria-current`, `data-highlighted`).
 */
export function renderProbabilityBars(
  container: HTMLElement,
  probabilities: ArrayLike<number>,
  options: ProbabilityBarsOptions = {},
): void {
  const list = document.createElement('ol');
  list.className = 'prob-bars';
  list.start = 0;
  if (options.testId) list.dataset.testid = options.testId;

  for (let digit = 0; digit < 10; digit++) {
    const probability = Math.min(1, Math.max(0, probabilities[digit] ?? 0));
    const percent = `${(probability * 100).toFixed(1)}%`;

    const item = document.createElement('li');
    item.dataset.digit = String(digit);
    item.setAttribute('aria-label', `${digit}: ${percent}`);
    if (digit === options.highlight) {
      item.classList.add('is-highlighted');
      item.dataset.highlighted = 'true';
      item.setAttribute('aria-current', 'true');
    }

    const label = document.createElement('span');
    label.textContent = String(digit);
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
