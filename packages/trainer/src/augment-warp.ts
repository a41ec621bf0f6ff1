import type { ImageSize } from './augment-options';

/**
 * One example's affine transform, as {@link warpImage} applies it about the image centre: the
 * output is the input zoomed by `scale`, sheared by `shear` degrees, turned by `rotation` degrees
 * and moved by (`shiftX`, `shiftY`) pixels, in that order.
 */
export interface AffineTransform {
  /** Degrees, positive clockwise on screen (rows run down). */
  rotation: number;
  /** Zoom factor, > 0. */
  scale: number;
  /** Horizontal shear angle, degrees. */
  shear: number;
  /** Pixels to the right. */
  shiftX: number;
  /** Pixels down. */
  shiftY: number;
}

/**
 * The inverse of an {@link AffineTransform} as a map from output pixel `(x, y)` to the source
 * position in the padded image (coordinates + 1): `sx = ox + a x + b y`, `sy = oy + c x + d y`.
 */
export interface AffineMap {
  a: number;
  b: number;
  c: number;
  d: number;
  ox: number;
  oy: number;
}

/** Reused buffers of {@link warpImage}; grown on first use and when the image size changes. */
export interface WarpScratch {
  /** One image with a border of zeros, `(height + 2) * (width + 2)`. */
  padded: Float32Array;
  /** Its dimensions, so the zero border stays where it was. */
  paddedHeight: number;
  paddedWidth: number;
  /** The inverse map of the current image. */
  map: AffineMap;
  /** Bounding box of the current image's non-zero pixels: left, right, top, bottom. */
  box: Int32Array;
}

/** Per-pixel displacements added to the source positions of a warp, `height * width` each. */
export interface DisplacementField {
  readonly fieldX: Float32Array;
  readonly fieldY: Float32Array;
}

/** Empty scratch buffers for {@link warpImage}. */
export function createWarpScratch(): WarpScratch {
  return {
    padded: new Float32Array(0),
    paddedHeight: 0,
    paddedWidth: 0,
    map: { a: 1, b: 0, c: 0, d: 1, ox: 0, oy: 0 },
    box: new Int32Array(4),
  };
}

/**
 * Writes `source` (`[height, width]`, row-major) transformed by `transform` into `out` (may be
 * `source` itself): each output pixel is the bilinear sample of `source` at the inverse-mapped
 * position, 0 outside. The identity transform copies `source` exactly; integer shifts move pixels
 * exactly.
 */
export function warpImage(
  source: Float32Array,
  out: Float32Array,
  height: number,
  width: number,
  transform: AffineTransform,
  scratch: WarpScratch = createWarpScratch(),
): void {
  inverseMap(transform, height, width, scratch.map);
  warp(source, 0, out, 0, { height, width }, scratch, null);
}

/** Writes the inverse of `transform` for an image of `height` x `width` into `map`. */
export function inverseMap(
  transform: AffineTransform,
  height: number,
  width: number,
  map: AffineMap,
): void {
  // Forward: p_out = ctr + R(theta) H(k) s (p_in - ctr) + t. Inverse:
  // p_in = ctr + A^-1 (p_out - ctr - t), A^-1 = (1/s) [[cos + k sin, sin - k cos], [-sin, cos]].
  const theta = (transform.rotation * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const k = Math.tan((transform.shear * Math.PI) / 180);
  const inv = 1 / transform.scale;
  const a = (cos + k * sin) * inv;
  const b = (sin - k * cos) * inv;
  const c = -sin * inv;
  const d = cos * inv;
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const ux = -cx - transform.shiftX;
  const uy = -cy - transform.shiftY;
  map.a = a;
  map.b = b;
  map.c = c;
  map.d = d;
  map.ox = cx + 1 + a * ux + b * uy;
  map.oy = cy + 1 + c * ux + d * uy;
}

/**
 * Resamples the image at `source[sourceAt..]` through `scratch.map` (plus `field` when given) into
 * `out[outAt..]`, bilinearly, zeros outside.
 *
 * The image is copied into `scratch.padded` (a border of zeros, so every neighbour read is in
 * bounds), noting the bounding box of its non-zero pixels. Without a field, each output row then
 * samples only the run of pixels whose source position lies within one pixel of that box (the
 * others are exactly 0), found per row from the affine map, with no per-pixel bounds test.
 */
export function warp(
  source: Float32Array,
  sourceAt: number,
  out: Float32Array,
  outAt: number,
  size: ImageSize,
  scratch: WarpScratch,
  field: DisplacementField | null,
): void {
  const { height, width } = size;
  const pw = width + 2;
  const ph = height + 2;
  if (scratch.paddedWidth !== pw || scratch.paddedHeight !== ph) {
    scratch.padded = new Float32Array(pw * ph);
    scratch.paddedWidth = pw;
    scratch.paddedHeight = ph;
  }
  const box = scratch.box;
  padImage(source, sourceAt, size, scratch.padded, box);
  if (field != null) warpWithField(out, outAt, size, scratch, field);
  else if (box[1]! < 0) out.fill(0, outAt, outAt + height * width);
  else warpAffine(out, outAt, size, scratch);
}

/**
 * Copies the image into the interior of `padded` (whose border stays 0) and writes the bounding
 * box of its non-zero pixels into `box` as `[left, right, top, bottom]` (`right` -1 when none).
 */
function padImage(
  source: Float32Array,
  sourceAt: number,
  { height, width }: ImageSize,
  padded: Float32Array,
  box: Int32Array,
): void {
  const pw = width + 2;
  let left = width;
  let right = -1;
  let top = -1;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    const from = sourceAt + y * width;
    const to = (y + 1) * pw + 1;
    for (let x = 0; x < width; x++) padded[to + x] = source[from + x]!;
    let first = 0;
    while (first < width && padded[to + first] === 0) first++;
    if (first === width) continue;
    if (first < left) left = first;
    let last = width - 1;
    while (last > right && padded[to + last] === 0) last--;
    if (last > right) right = last;
    if (top < 0) top = y;
    bottom = y;
  }
  box[0] = left;
  box[1] = right;
  box[2] = top;
  box[3] = bottom;
}

/**
 * The bilinear sample of `padded` (rows of `pw`) at `(sx, sy)`, a position inside
 * `(0, pw - 1) x (0, rows - 1)`: there all four neighbours are in the padded image, and truncation
 * is floor since the coordinates are positive.
 */
function bilinear(padded: Float32Array, pw: number, sx: number, sy: number): number {
  const x0 = sx | 0;
  const y0 = sy | 0;
  const fx = sx - x0;
  const i = y0 * pw + x0;
  const p00 = padded[i]!;
  const p10 = padded[i + pw]!;
  const upper = p00 + (padded[i + 1]! - p00) * fx;
  const lower = p10 + (padded[i + pw + 1]! - p10) * fx;
  return upper + (lower - upper) * (sy - y0);
}

/** {@link warp} without a field, of an image with some non-zero pixel. */
function warpAffine(out: Float32Array, outAt: number, size: ImageSize, scratch: WarpScratch): void {
  const { height, width } = size;
  const { padded, box } = scratch;
  const { a, b, c, d, ox, oy } = scratch.map;
  const pw = width + 2;
  // Padded coordinates strictly inside (left, right + 2) x (top, bottom + 2) may read non-zero
  // pixels; elsewhere all four neighbours are 0.
  const xLow = box[0]!;
  const xHigh = box[1]! + 2;
  const yLow = box[2]!;
  const yHigh = box[3]! + 2;
  // Real-valued bounds of x for a row, widened by a pixel: a guess that holds every x inside.
  const xFirst = a === 0 ? 0 : (a > 0 ? xLow : xHigh) / a;
  const xLast = a === 0 ? 0 : (a > 0 ? xHigh : xLow) / a;
  const yFirst = c === 0 ? 0 : (c > 0 ? yLow : yHigh) / c;
  const yLast = c === 0 ? 0 : (c > 0 ? yHigh : yLow) / c;
  const inside = (sx: number, sy: number) => sx > xLow && sx < xHigh && sy > yLow && sy < yHigh;
  for (let y = 0; y < height; y++) {
    const rowX = ox + b * y;
    const rowY = oy + d * y;
    const row = outAt + y * width;
    let start = 0;
    let end = width;
    if (a === 0) {
      if (!(rowX > xLow && rowX < xHigh)) end = 0;
    } else {
      start = Math.max(start, Math.floor(xFirst - rowX / a) - 1);
      end = Math.min(end, Math.ceil(xLast - rowX / a) + 2);
    }
    if (c === 0) {
      if (!(rowY > yLow && rowY < yHigh)) end = 0;
    } else {
      start = Math.max(start, Math.floor(yFirst - rowY / c) - 1);
      end = Math.min(end, Math.ceil(yLast - rowY / c) + 2);
    }
    // Narrowed exactly: the rounded coordinates are monotone in x, so the pixels inside form one
    // run within the guess.
    while (start < end && !inside(rowX + a * start, rowY + c * start)) start++;
    while (end > start && !inside(rowX + a * (end - 1), rowY + c * (end - 1))) end--;
    if (end <= start) {
      out.fill(0, row, row + width);
      continue;
    }
    out.fill(0, row, row + start);
    for (let x = start; x < end; x++)
      out[row + x] = bilinear(padded, pw, rowX + a * x, rowY + c * x);
    out.fill(0, row + end, row + width);
  }
}

/** {@link warp} with the displacement field added to the affine map. */
function warpWithField(
  out: Float32Array,
  outAt: number,
  { height, width }: ImageSize,
  scratch: WarpScratch,
  { fieldX, fieldY }: DisplacementField,
): void {
  const { a, b, c, d, ox, oy } = scratch.map;
  const pw = width + 2;
  const xLimit = width + 1;
  const yLimit = height + 1;
  for (let y = 0; y < height; y++) {
    const rowX = ox + b * y;
    const rowY = oy + d * y;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const sx = rowX + a * x + fieldX[row + x]!;
      const sy = rowY + c * x + fieldY[row + x]!;
      out[outAt + row + x] =
        sx > 0 && sx < xLimit && sy > 0 && sy < yLimit ? bilinear(scratch.padded, pw, sx, sy) : 0;
    }
  }
}
