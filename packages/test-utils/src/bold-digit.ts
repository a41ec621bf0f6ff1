// A digit drawn with a thick pen: what a user's own drawing often looks like, and a case where the
// ink covers most of the canvas, so the background cannot be told from the ink by counting pixels.

/** A gray image, `width * height` bytes, row by row. */
export interface GrayImage {
  gray: Uint8Array;
  width: number;
  height: number;
}

/**
 * `digit` (28x28 gray, white ink on black, as MNIST stores it) with its strokes thickened by
 * 3 pixels each way, cropped to its ink with a 1-pixel black margin.
 *
 * @returns the image and `inkShare`, the part of its pixels over 127 (in [0, 1]).
 * @throws RangeError when `digit` is not 784 values or holds no ink.
 */
export function boldDigit(digit: Uint8Array): GrayImage & { inkShare: number } {
  if (digit.length !== 784) throw new RangeError(`a digit is 784 values, not ${digit.length}`);
  const bold = new Uint8Array(784);
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      let v = 0;
      for (let dy = -3; dy <= 3; dy++) {
        for (let dx = -3; dx <= 3; dx++) {
          const [sx, sy] = [x + dx, y + dy];
          if (sx >= 0 && sx < 28 && sy >= 0 && sy < 28) v = Math.max(v, digit[sy * 28 + sx]!);
        }
      }
      bold[y * 28 + x] = v;
    }
  }
  const xs: number[] = [];
  const ys: number[] = [];
  bold.forEach((v, i) => {
    if (v === 0) return;
    xs.push(i % 28);
    ys.push(Math.floor(i / 28));
  });
  if (xs.length === 0) throw new RangeError('the digit holds no ink');
  const [left, top] = [Math.min(...xs), Math.min(...ys)];
  const [inkWidth, inkHeight] = [Math.max(...xs) - left + 1, Math.max(...ys) - top + 1];
  const [width, height] = [inkWidth + 2, inkHeight + 2];
  const gray = new Uint8Array(width * height);
  for (let row = 0; row < inkHeight; row++) {
    const from = (top + row) * 28 + left;
    gray.set(bold.subarray(from, from + inkWidth), (row + 1) * width + 1);
  }
  const inkShare = gray.filter((v) => v > 127).length / gray.length;
  return { gray, width, height, inkShare };
}
