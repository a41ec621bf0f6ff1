import { NoInkError } from './errors';
import type { GrayDigit, InkLevels } from './mnist-layout-gray';

/** A box of pixels in an image: its top-left corner and size. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Step 4 of `toMnistLayout`: the bounding box of the ink, isolated ink pixels (no ink among their
 * 8 neighbours) aside; null when there is no ink.
 */
export function inkBox(
  { gray, width, height }: GrayDigit,
  { sign, limit }: InkLevels,
): PixelBox | null {
  const isInk = (x: number, y: number) =>
    sign * gray[y * width + x]! > limit && hasInkAround(gray, width, height, x, y, sign, limit);
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  // Per row, only the first and the last ink pixel matter: scan in from both ends.
  for (let y = 0; y < height; y++) {
    let x = 0;
    while (x < width && !isInk(x, y)) x++;
    if (x === width) continue;
    if (x < left) left = x;
    if (y < top) top = y;
    bottom = y;
    let end = width - 1;
    while (end > right && !isInk(end, y)) end--;
    if (end > right) right = end;
  }
  if (right < 0) return null;
  return { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

/**
 * Step 4, continued: within `box`, turns each pixel into its ink above the background (light ink,
 * inverted when dark), and the pixels at or below the noise level into 0.
 */
export function keepInk({ gray, width }: GrayDigit, box: PixelBox, levels: InkLevels): void {
  const { inverted, background, sign, limit } = levels;
  for (let y = box.y; y < box.y + box.height; y++) {
    const row = y * width;
    for (let x = row + box.x; x < row + box.x + box.width; x++) {
      const v = gray[x]!;
      gray[x] = sign * v > limit ? (inverted ? 1 - v : v) - background : 0;
    }
  }
}

/** Whether any of the 8 neighbours of (x, y) is ink: `sign * gray > limit`. */
function hasInkAround(
  gray: Float32Array,
  width: number,
  height: number,
  x: number,
  y: number,
  sign: number,
  limit: number,
): boolean {
  const x0 = x > 0 ? x - 1 : x;
  const x1 = x < width - 1 ? x + 1 : x;
  const y0 = y > 0 ? y - 1 : y;
  const y1 = y < height - 1 ? y + 1 : y;
  for (let ny = y0; ny <= y1; ny++) {
    const row = ny * width;
    for (let nx = x0; nx <= x1; nx++) {
      if ((nx !== x || ny !== y) && sign * gray[row + nx]! > limit) return true;
    }
  }
  return false;
}

/** The error for an image with no ink: its size, what was looked for and what to try. */
export function noInkError(
  { width, height }: GrayDigit,
  channels: number,
  polarity: string,
  inverted: boolean,
  noiseThreshold: number,
): NoInkError {
  const ink = inverted ? 'darker' : 'lighter';
  const hint =
    polarity === 'auto'
      ? ''
      : `, or polarity ${polarity === 'dark-on-light' ? "'light-on-dark'" : "'dark-on-light'"} (or 'auto') if the ink is ${inverted ? 'light on dark' : 'dark on light'}`;
  return new NoInkError(
    `toMnistLayout: the ${width}x${height} image (${channels} channel${channels === 1 ? '' : 's'}) ` +
      `holds no ink: no pixel (other than isolated specks) is ${ink} than the background by more ` +
      `than noiseThreshold ${noiseThreshold} of the range. Pass an image with a digit on it, ` +
      `lower noiseThreshold for faint ink${hint}.`,
  );
}
