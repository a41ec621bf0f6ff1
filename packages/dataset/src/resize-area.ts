import { optionChecks } from '@mnist-wasm/errors';
import { DatasetOptionError } from './errors';

/** A single-channel image: `width * height` values, row by row. */
export interface GrayImage {
  pixels: Float32Array;
  width: number;
  height: number;
}

/**
 * Resizes by area averaging: each output pixel is the mean of the input area it covers, weighting
 * input pixels it covers only partly by the covered fraction. Shrinking thus keeps thin strokes as
 * faint lines instead of dropping them (as nearest-neighbour sampling would) and keeps the mean
 * value; enlarging repeats pixels. Aspect ratio is not kept: the image is stretched to
 * `width x height`.
 *
 * @param image - Float32 `pixels`, `image.width * image.height` of them, row by row (any range).
 * @param width - Output width, a positive integer.
 * @param height - Output height, a positive integer.
 * @returns A new `GrayImage` of `width * height` float32 pixels in the input's range.
 * @throws DatasetOptionError when a size is not a positive integer or `image.pixels` does not hold
 *   `image.width * image.height` values.
 *
 * @example
 * ```ts
 * const image = { pixels: new Float32Array([1, 3, 5, 7]), width: 4, height: 1 };
 * resizeArea(image, 2, 1).pixels; // Float32Array [2, 6]
 * ```
 */
export function resizeArea(image: GrayImage, width: number, height: number): GrayImage {
  checkSize('width', width);
  checkSize('height', height);
  checkSize('image.width', image.width);
  checkSize('image.height', image.height);
  const count = image.width * image.height;
  if (!(image.pixels instanceof Float32Array) || image.pixels.length !== count) {
    throw new DatasetOptionError(
      'resizeArea',
      'image.pixels',
      image.pixels,
      `a Float32Array of image.width * image.height = ${count} values`,
    );
  }
  const out = { pixels: new Float32Array(width * height), width, height };
  const { pixels: src, width: stride, height: rows } = image;
  resampleArea({ src, stride, x: 0, y: 0, width: stride, height: rows }, out);
  return out;
}

function checkSize(option: string, value: number): void {
  optionChecks(DatasetOptionError, 'resizeArea').integer(option, value, {
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    allowed: 'a positive integer',
  });
}

/**
 * Which input pixels each output pixel covers along one axis, `n` input pixels onto `m` output
 * pixels: output `o` takes the weights `weight[k]` of input pixels `index[k]` for `k` in
 * `[start[o], start[o + 1])`. Weights are covered lengths divided by the scale, so they sum to 1.
 */
interface AxisCover {
  start: Int32Array;
  index: Int32Array;
  weight: Float64Array;
}

function axisCover(n: number, m: number): AxisCover {
  const scale = n / m;
  const start = new Int32Array(m + 1);
  // Each output pixel covers at most ceil(scale) + 1 input pixels.
  const capacity = m * (Math.ceil(scale) + 1);
  const index = new Int32Array(capacity);
  const weight = new Float64Array(capacity);
  let k = 0;
  for (let o = 0; o < m; o++) {
    start[o] = k;
    const low = o * scale;
    const high = low + scale;
    const end = Math.min(Math.ceil(high), n);
    for (let i = Math.floor(low); i < end; i++) {
      const cover = Math.min(high, i + 1) - Math.max(low, i);
      if (cover <= 0) continue;
      index[k] = i;
      weight[k] = cover / scale;
      k++;
    }
  }
  start[m] = k;
  return { start, index, weight };
}

/** A box of an image to resample: `width x height` values at (`x`, `y`) of `src`, rows of `stride`. */
export interface SourceBox {
  src: Float32Array;
  stride: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Area-averages `from` into `to` (its `pixels`, `to.width x to.height` row by row). Separable:
 * rows first, then columns.
 */
export function resampleArea(from: SourceBox, to: GrayImage): void {
  const { src, stride, x: x0, y: y0, height: boxHeight } = from;
  const { pixels: dst, width: dstWidth, height: dstHeight } = to;
  const cols = axisCover(from.width, dstWidth);
  const rows = axisCover(boxHeight, dstHeight);
  const across = new Float32Array(dstWidth * boxHeight);
  for (let y = 0; y < boxHeight; y++) {
    const base = (y0 + y) * stride + x0;
    const out = y * dstWidth;
    for (let o = 0; o < dstWidth; o++) {
      let sum = 0;
      for (let k = cols.start[o]!; k < cols.start[o + 1]!; k++) {
        sum += cols.weight[k]! * src[base + cols.index[k]!]!;
      }
      across[out + o] = sum;
    }
  }
  for (let o = 0; o < dstHeight; o++) {
    const out = o * dstWidth;
    dst.fill(0, out, out + dstWidth);
    for (let k = rows.start[o]!; k < rows.start[o + 1]!; k++) {
      const w = rows.weight[k]!;
      const row = rows.index[k]! * dstWidth;
      for (let x = 0; x < dstWidth; x++) dst[out + x]! += w * across[row + x]!;
    }
  }
}

/**
 * Bilinear resampling of `from` into `to`, pixel centres aligned; outside the box counts as 0
 * (background), so edges fade smoothly. For enlarging, where area averaging would repeat pixels.
 */
export function resampleBilinear(from: SourceBox, to: GrayImage): void {
  const { src, stride, x: x0, y: y0, width: boxWidth, height: boxHeight } = from;
  const { pixels: dst, width: dstWidth, height: dstHeight } = to;
  const scaleX = boxWidth / dstWidth;
  const scaleY = boxHeight / dstHeight;
  const at = (x: number, y: number): number =>
    x < 0 || x >= boxWidth || y < 0 || y >= boxHeight ? 0 : src[(y0 + y) * stride + x0 + x]!;
  for (let oy = 0; oy < dstHeight; oy++) {
    const v = (oy + 0.5) * scaleY - 0.5;
    const iy = Math.floor(v);
    const fy = v - iy;
    for (let ox = 0; ox < dstWidth; ox++) {
      const u = (ox + 0.5) * scaleX - 0.5;
      const ix = Math.floor(u);
      const fx = u - ix;
      dst[oy * dstWidth + ox] =
        (1 - fy) * ((1 - fx) * at(ix, iy) + fx * at(ix + 1, iy)) +
        fy * ((1 - fx) * at(ix, iy + 1) + fx * at(ix + 1, iy + 1));
    }
  }
}
