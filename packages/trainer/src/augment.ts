import { TrainerOptionError } from './errors';
import { SeededRandom } from './random';

/**
 * Elastic distortion as in Simard, Steinkraus and Platt (2003), "Best practices for convolutional
 * neural networks applied to visual document analysis": two fields of uniform random displacements
 * in [-1, 1] per pixel, each smoothed by a Gaussian of standard deviation `sigma` (normalized,
 * zero outside the image), scaled by `alpha`; each output pixel samples the image that far away.
 */
export interface ElasticOptions {
  /**
   * Strength, in pixels per unit of the smoothed field. Default 34 (Simard's value for 28x28
   * MNIST, with `sigma` 4: displacements of about 1.4 px standard deviation). A finite number >= 0.
   */
  alpha?: number;
  /**
   * Smoothness: standard deviation of the Gaussian, in pixels. Default 4. A number from 0.5 to 64;
   * the kernel reaches 3 `sigma` to each side, so its cost per pixel grows with `sigma`.
   */
  sigma?: number;
}

/**
 * Random distortions of each training example, drawn afresh for every example of every batch:
 * an affine transform about the image centre (rotation, scale, shear, shift), optionally followed
 * by an elastic distortion. Images are resampled bilinearly from the inverse-mapped position;
 * what falls outside the image reads as 0. For images `[height, width]` or `[height, width, 1]`.
 *
 * `{}` gives the defaults for MNIST ({@link AUGMENT_DEFAULTS}): up to ±10°, scale 0.9 to 1.1,
 * shift up to ±2 px each way, no shear, no elastic distortion. Set a field to 0 to turn it off.
 */
export interface AugmentOptions {
  /**
   * Largest rotation, in degrees: each example turns by a uniform angle in
   * `[-rotation, rotation]` (positive turns clockwise on screen, rows running down). Default 10.
   * A number from 0 to 180.
   */
  rotation?: number;
  /**
   * Zoom factor range. A number `r` draws the factor uniformly from `[1 - r, 1 + r]` (default 0.1:
   * 0.9 to 1.1), `r` from 0 to 0.9; a pair `[min, max]` draws it from `[min, max]`, with
   * 0.1 <= min <= max <= 10. Above 1 the digit grows.
   */
  scale?: number | readonly [number, number];
  /**
   * Largest shift, in pixels, along each axis separately: uniform in `[-shift, shift]`, fractions
   * of a pixel included (resampled bilinearly). Default 2 (for 28x28 MNIST, where digits sit in a
   * 20x20 box; scale it with the image size). A finite number >= 0.
   */
  shift?: number;
  /**
   * Largest horizontal shear angle, in degrees: uniform in `[-shear, shear]`; `x` moves by
   * `tan(angle)` times the distance from the centre row. Default 0 (off). A number from 0 to 60.
   */
  shear?: number;
  /**
   * Elastic distortion after the affine transform (see {@link ElasticOptions}; `{}` gives Simard's
   * alpha 34, sigma 4). Default off (`null`). Costs far more than the affine part: a Gaussian
   * blur of two fields per example.
   */
  elastic?: ElasticOptions | null;
}

/** {@link AugmentOptions} checked, with defaults filled in. */
export interface ResolvedAugmentOptions {
  /** Largest rotation, degrees. */
  readonly rotation: number;
  /** Smallest zoom factor. */
  readonly scaleMin: number;
  /** Largest zoom factor. */
  readonly scaleMax: number;
  /** Largest shift per axis, pixels. */
  readonly shift: number;
  /** Largest shear angle, degrees. */
  readonly shear: number;
  /** Elastic distortion, or null for none. */
  readonly elastic: { readonly alpha: number; readonly sigma: number } | null;
}

/** The values `augment: {}` stands for: the defaults of each {@link AugmentOptions} field. */
export const AUGMENT_DEFAULTS = Object.freeze({
  rotation: 10,
  scale: 0.1,
  shift: 2,
  shear: 0,
  elastic: null,
}) satisfies Readonly<Required<AugmentOptions>>;

/** What `elastic: {}` stands for: Simard et al.'s values for MNIST. */
export const ELASTIC_DEFAULTS = Object.freeze({ alpha: 34, sigma: 4 }) satisfies Readonly<
  Required<ElasticOptions>
>;

const AUGMENT_KEYS = ['rotation', 'scale', 'shift', 'shear', 'elastic'];
const ELASTIC_KEYS = ['alpha', 'sigma'];

/**
 * Checks `augment` (the `augment` option of `caller`) and fills in the defaults; null for none.
 * @throws TrainerOptionError naming the first field (`augment.rotation`, ...) out of range.
 */
export function resolveAugmentOptions(
  augment: AugmentOptions | null | undefined,
  caller = 'train',
): ResolvedAugmentOptions | null {
  if (augment == null) return null;
  if (typeof augment !== 'object' || Array.isArray(augment)) {
    throw new TrainerOptionError(
      caller,
      'augment',
      augment,
      'an object of augment options ({} for the defaults), or leave it out for no augmentation',
    );
  }
  checkKeys(caller, 'augment', augment, AUGMENT_KEYS);
  const rotation = numberIn(
    caller,
    'augment.rotation',
    augment.rotation ?? AUGMENT_DEFAULTS.rotation,
    0,
    180,
    'a number of degrees from 0 to 180',
  );
  const shift = numberIn(
    caller,
    'augment.shift',
    augment.shift ?? AUGMENT_DEFAULTS.shift,
    0,
    Number.MAX_VALUE,
    'a finite number of pixels >= 0',
  );
  const shear = numberIn(
    caller,
    'augment.shear',
    augment.shear ?? AUGMENT_DEFAULTS.shear,
    0,
    60,
    'a number of degrees from 0 to 60',
  );
  const scale = augment.scale ?? AUGMENT_DEFAULTS.scale;
  let scaleMin: number;
  let scaleMax: number;
  if (Array.isArray(scale)) {
    const [min, max] = scale as readonly unknown[];
    if (
      scale.length !== 2 ||
      typeof min !== 'number' ||
      typeof max !== 'number' ||
      !(min >= 0.1 && min <= max && max <= 10)
    ) {
      throw new TrainerOptionError(
        caller,
        'augment.scale',
        scale,
        'a relative change from 0 to 0.9, or a pair [min, max] of factors with 0.1 <= min <= max <= 10',
      );
    }
    scaleMin = min;
    scaleMax = max;
  } else {
    const change = numberIn(
      caller,
      'augment.scale',
      scale,
      0,
      0.9,
      'a relative change from 0 to 0.9, or a pair [min, max] of factors with 0.1 <= min <= max <= 10',
    );
    scaleMin = 1 - change;
    scaleMax = 1 + change;
  }
  let elastic: ResolvedAugmentOptions['elastic'] = null;
  if (augment.elastic != null) {
    const given = augment.elastic;
    if (typeof given !== 'object' || Array.isArray(given)) {
      throw new TrainerOptionError(
        caller,
        'augment.elastic',
        given,
        'an object { alpha?, sigma? } ({} for alpha 34, sigma 4), or null for none',
      );
    }
    checkKeys(caller, 'augment.elastic', given, ELASTIC_KEYS);
    elastic = {
      alpha: numberIn(
        caller,
        'augment.elastic.alpha',
        given.alpha ?? ELASTIC_DEFAULTS.alpha,
        0,
        Number.MAX_VALUE,
        'a finite number of pixels >= 0',
      ),
      sigma: numberIn(
        caller,
        'augment.elastic.sigma',
        given.sigma ?? ELASTIC_DEFAULTS.sigma,
        0.5,
        64,
        'a number of pixels from 0.5 to 64',
      ),
    };
  }
  return { rotation, scaleMin, scaleMax, shift, shear, elastic };
}

function checkKeys(caller: string, option: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new TrainerOptionError(
        caller,
        `${option}.${key}`,
        (value as Record<string, unknown>)[key],
        `only the fields ${known.join(', ')} of ${option}`,
      );
    }
  }
}

function numberIn(
  caller: string,
  option: string,
  value: unknown,
  min: number,
  max: number,
  allowed: string,
): number {
  if (typeof value !== 'number' || !(value >= min && value <= max)) {
    throw new TrainerOptionError(caller, option, value, allowed);
  }
  return value;
}

/** Height and width of one image. */
export interface ImageSize {
  readonly height: number;
  readonly width: number;
}

/** `[h, w]` or `[h, w, 1]` as an image size; null for any other shape. */
function asImage(shape: readonly number[]): ImageSize | null {
  if (shape.length === 2 || (shape.length === 3 && shape[2] === 1)) {
    return { height: shape[0]!, width: shape[1]! };
  }
  return null;
}

/**
 * The image size augmentation works on: the examples' shape when it is `[height, width]` or
 * `[height, width, 1]`, otherwise the model's input shape when that is (e.g. flat `[784]` examples
 * for a `[28, 28, 1]` model; the two hold as many values).
 * @throws TrainerOptionError (option `augment`) when neither is an image of one channel.
 */
export function augmentImageSize(
  augment: unknown,
  dataShape: readonly number[],
  modelShape: readonly number[],
  caller = 'train',
): ImageSize {
  const size = asImage(dataShape) ?? asImage(modelShape);
  if (size == null) {
    throw new TrainerOptionError(
      caller,
      'augment',
      augment,
      'augmentation only with images of one channel: examples (or a model input) of shape ' +
        `[height, width] or [height, width, 1]; here the examples are [${dataShape.join(', ')}] ` +
        `and the model input [${modelShape.join(', ')}]. Leave augment out for other data`,
    );
  }
  return size;
}

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

/** Reused buffers of {@link augmentBatch}; grown on first use and when the image size changes. */
export interface AugmentScratch {
  /** One image with a border of zeros, `(height + 2) * (width + 2)`. */
  padded: Float32Array;
  /** Its dimensions, so the zero border stays where it was. */
  paddedHeight: number;
  paddedWidth: number;
  /** The inverse map of the current image: `a, b, c, d, ox, oy` (see {@link inverseMap}). */
  map: Float64Array;
  /** The transform being drawn. */
  transform: AffineTransform;
  /** Bounding box of the current image's non-zero pixels: left, right, top, bottom. */
  box: Int32Array;
  /** Elastic displacement fields and their blur pass, `height * width` each. */
  fieldX: Float32Array;
  fieldY: Float32Array;
  blurred: Float32Array;
  noise: Uint32Array;
  /** Normalized 1-D Gaussian of the elastic `sigma` it was made for. */
  kernel: Float64Array;
  kernelSigma: number;
}

/** Empty scratch buffers for {@link augmentBatch}. */
export function createAugmentScratch(): AugmentScratch {
  return {
    padded: new Float32Array(0),
    paddedHeight: 0,
    paddedWidth: 0,
    map: new Float64Array(6),
    transform: { rotation: 0, scale: 1, shear: 0, shiftX: 0, shiftY: 0 },
    box: new Int32Array(4),
    fieldX: new Float32Array(0),
    fieldY: new Float32Array(0),
    blurred: new Float32Array(0),
    noise: new Uint32Array(0),
    kernel: new Float64Array(0),
    kernelSigma: 0,
  };
}

/**
 * Distorts each of the first `count` images of `features` (row-major `[count, height, width]`
 * float32, e.g. a batch from `gatherBatch`) in place, each with its own random transform from
 * `random`: five draws per image (rotation, scale, shear, shift x, shift y), then `2 * height *
 * width` for the elastic fields when on. The same `random` state gives the same output.
 * Allocates nothing once `scratch` has grown to the image size.
 */
export function augmentBatch(
  features: Float32Array,
  count: number,
  height: number,
  width: number,
  random: SeededRandom,
  options: ResolvedAugmentOptions,
  scratch: AugmentScratch = createAugmentScratch(),
): void {
  const size = height * width;
  const { rotation, scaleMin, scaleMax, shift, shear, elastic } = options;
  const transform = scratch.transform;
  for (let n = 0; n < count; n++) {
    transform.rotation = (2 * random.nextFloat() - 1) * rotation;
    transform.scale = scaleMin + random.nextFloat() * (scaleMax - scaleMin);
    transform.shear = (2 * random.nextFloat() - 1) * shear;
    transform.shiftX = (2 * random.nextFloat() - 1) * shift;
    transform.shiftY = (2 * random.nextFloat() - 1) * shift;
    if (elastic != null) elasticField(height, width, elastic.alpha, elastic.sigma, random, scratch);
    inverseMap(transform, height, width, scratch.map);
    warp(features, n * size, features, n * size, height, width, scratch, elastic != null);
  }
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
  scratch: AugmentScratch = createAugmentScratch(),
): void {
  inverseMap(transform, height, width, scratch.map);
  warp(source, 0, out, 0, height, width, scratch, false);
}

/**
 * The inverse of `transform` as a map from output pixel `(x, y)` to the source position in the
 * padded image (coordinates + 1): `sx = ox + a x + b y`, `sy = oy + c x + d y`, into
 * `map = [a, b, c, d, ox, oy]`.
 */
function inverseMap(
  transform: AffineTransform,
  height: number,
  width: number,
  map: Float64Array,
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
  map[0] = a;
  map[1] = b;
  map[2] = c;
  map[3] = d;
  map[4] = cx + 1 + a * ux + b * uy;
  map[5] = cy + 1 + c * ux + d * uy;
}

/**
 * Resamples the image at `source[sourceAt..]` through `scratch.map` (plus the elastic fields when
 * `withField`) into `out[outAt..]`, bilinearly, zeros outside.
 *
 * The image is copied into `scratch.padded` (a border of zeros, so every neighbour read is in
 * bounds), noting the bounding box of its non-zero pixels. Without a field, each output row then
 * samples only the run of pixels whose source position lies within one pixel of that box (the
 * others are exactly 0), found per row from the affine map, with no per-pixel bounds test.
 */
function warp(
  source: Float32Array,
  sourceAt: number,
  out: Float32Array,
  outAt: number,
  height: number,
  width: number,
  scratch: AugmentScratch,
  withField: boolean,
): void {
  const pw = width + 2;
  const ph = height + 2;
  if (scratch.paddedWidth !== pw || scratch.paddedHeight !== ph) {
    scratch.padded = new Float32Array(pw * ph);
    scratch.paddedWidth = pw;
    scratch.paddedHeight = ph;
  }
  const box = scratch.box;
  padImage(source, sourceAt, height, width, scratch.padded, box);
  if (withField) warpWithField(out, outAt, height, width, scratch);
  else if (box[1]! < 0) out.fill(0, outAt, outAt + height * width);
  else warpAffine(out, outAt, height, width, scratch);
}

/**
 * Copies the image into the interior of `padded` (whose border stays 0) and writes the bounding
 * box of its non-zero pixels into `box` as `[left, right, top, bottom]` (`right` -1 when none).
 */
function padImage(
  source: Float32Array,
  sourceAt: number,
  height: number,
  width: number,
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

/** {@link warp} without a field, of an image with some non-zero pixel. */
function warpAffine(
  out: Float32Array,
  outAt: number,
  height: number,
  width: number,
  scratch: AugmentScratch,
): void {
  const padded = scratch.padded;
  const pw = width + 2;
  const map = scratch.map;
  const a = map[0]!;
  const b = map[1]!;
  const c = map[2]!;
  const d = map[3]!;
  const ox = map[4]!;
  const oy = map[5]!;
  const box = scratch.box;
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
    while (start < end) {
      const sx = rowX + a * start;
      const sy = rowY + c * start;
      if (sx > xLow && sx < xHigh && sy > yLow && sy < yHigh) break;
      start++;
    }
    while (end > start) {
      const sx = rowX + a * (end - 1);
      const sy = rowY + c * (end - 1);
      if (sx > xLow && sx < xHigh && sy > yLow && sy < yHigh) break;
      end--;
    }
    if (end <= start) {
      for (let x = 0; x < width; x++) out[row + x] = 0;
      continue;
    }
    for (let x = 0; x < start; x++) out[row + x] = 0;
    for (let x = start; x < end; x++) {
      const sx = rowX + a * x;
      const sy = rowY + c * x;
      const x0 = sx | 0;
      const y0 = sy | 0;
      const fx = sx - x0;
      const i = y0 * pw + x0;
      const p00 = padded[i]!;
      const p10 = padded[i + pw]!;
      const upper = p00 + (padded[i + 1]! - p00) * fx;
      const lower = p10 + (padded[i + pw + 1]! - p10) * fx;
      out[row + x] = upper + (lower - upper) * (sy - y0);
    }
    for (let x = end; x < width; x++) out[row + x] = 0;
  }
}

/** {@link warp} with the elastic displacement fields added to the affine map. */
function warpWithField(
  out: Float32Array,
  outAt: number,
  height: number,
  width: number,
  scratch: AugmentScratch,
): void {
  const padded = scratch.padded;
  const pw = width + 2;
  const map = scratch.map;
  const a = map[0]!;
  const b = map[1]!;
  const c = map[2]!;
  const d = map[3]!;
  const ox = map[4]!;
  const oy = map[5]!;
  const xLimit = width + 1;
  const yLimit = height + 1;
  const fieldX = scratch.fieldX;
  const fieldY = scratch.fieldY;
  for (let y = 0; y < height; y++) {
    const rowX = ox + b * y;
    const rowY = oy + d * y;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const sx = rowX + a * x + fieldX[row + x]!;
      const sy = rowY + c * x + fieldY[row + x]!;
      // Inside (0, width + 1) x (0, height + 1) all four neighbours are in the padded image, and
      // truncation is floor since the coordinates are positive.
      if (sx > 0 && sx < xLimit && sy > 0 && sy < yLimit) {
        const x0 = sx | 0;
        const y0 = sy | 0;
        const fx = sx - x0;
        const i = y0 * pw + x0;
        const p00 = padded[i]!;
        const p10 = padded[i + pw]!;
        const upper = p00 + (padded[i + 1]! - p00) * fx;
        const lower = p10 + (padded[i + pw + 1]! - p10) * fx;
        out[outAt + row + x] = upper + (lower - upper) * (sy - y0);
      } else {
        out[outAt + row + x] = 0;
      }
    }
  }
}

/**
 * Draws the elastic displacement fields of one image into `scratch.fieldX/fieldY`: uniform noise
 * in [-1, 1], a separable normalized Gaussian blur (zeros outside the image), times `alpha`.
 */
function elasticField(
  height: number,
  width: number,
  alpha: number,
  sigma: number,
  random: SeededRandom,
  scratch: AugmentScratch,
): void {
  const size = height * width;
  if (scratch.fieldX.length !== size) {
    scratch.fieldX = new Float32Array(size);
    scratch.fieldY = new Float32Array(size);
    scratch.blurred = new Float32Array(size);
    scratch.noise = new Uint32Array(size);
  }
  if (scratch.kernelSigma !== sigma) {
    const radius = Math.ceil(3 * sigma);
    const kernel = new Float64Array(2 * radius + 1);
    let sum = 0;
    for (let i = -radius; i <= radius; i++) {
      const value = Math.exp(-(i * i) / (2 * sigma * sigma));
      kernel[i + radius] = value;
      sum += value;
    }
    for (let i = 0; i < kernel.length; i++) kernel[i] = kernel[i]! / sum;
    scratch.kernel = kernel;
    scratch.kernelSigma = sigma;
  }
  blurredNoise(scratch.fieldX, height, width, alpha, random, scratch);
  blurredNoise(scratch.fieldY, height, width, alpha, random, scratch);
}

/** One field of {@link elasticField}: `alpha * gaussian(uniform noise in [-1, 1])` into `field`. */
function blurredNoise(
  field: Float32Array,
  height: number,
  width: number,
  alpha: number,
  random: SeededRandom,
  scratch: AugmentScratch,
): void {
  const { noise, blurred, kernel } = scratch;
  const radius = (kernel.length - 1) >> 1;
  random.fillUint32(noise);
  // Noise in [-1, 1) into `field`.
  for (let i = 0; i < noise.length; i++) field[i] = noise[i]! / 2147483648 - 1;
  // Rows: field -> blurred.
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const from = Math.max(0, x - radius);
      const to = Math.min(width - 1, x + radius);
      let sum = 0;
      for (let j = from; j <= to; j++) sum += kernel[j - x + radius]! * field[row + j]!;
      blurred[row + x] = sum;
    }
  }
  // Columns: blurred -> field, scaled by alpha.
  for (let y = 0; y < height; y++) {
    const from = Math.max(0, y - radius);
    const to = Math.min(height - 1, y + radius);
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let j = from; j <= to; j++) sum += kernel[j - y + radius]! * blurred[j * width + x]!;
      field[y * width + x] = alpha * sum;
    }
  }
}

/** Options of {@link createAugmenter}. */
export interface AugmenterOptions {
  /** Image height, pixels: an integer >= 1. */
  height: number;
  /** Image width, pixels: an integer >= 1. */
  width: number;
  /** The distortions, as `train`'s `augment` option. Default `{}`: {@link AUGMENT_DEFAULTS}. */
  augment?: AugmentOptions;
  /** Seed (any integer, used modulo 2^32) of the transforms. Default: drawn from `Math.random`. */
  seed?: number;
}

/**
 * A function that distorts batches of images in place as `train` does with its `augment` option,
 * e.g. to preview augmentation or to time it: `augment(features, count)` transforms the first
 * `count` images of `features` (row-major `[count, height, width]` float32), each with its own
 * random transform. Equal seeds give equal outputs (not those of a `train` run with that seed,
 * which draws from a stream derived from it). It allocates nothing per call after the first.
 * @throws TrainerOptionError (caller `'createAugmenter'`) for an option out of range.
 *
 * @example
 * ```ts
 * const augment = createAugmenter({ height: 28, width: 28, augment: { rotation: 15 }, seed: 1 });
 * const batch = gatherFeatures(test, [0, 1, 2]); // Float32Array [3 * 784]
 * augment(batch, 3);
 * ```
 */
export function createAugmenter(
  options: AugmenterOptions,
): (features: Float32Array, count: number) => void {
  const caller = 'createAugmenter';
  const { height, width } = options;
  for (const [name, value] of [
    ['height', height],
    ['width', width],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new TrainerOptionError(caller, name, value, 'an integer >= 1');
    }
  }
  const resolved = resolveAugmentOptions(options.augment ?? {}, caller)!;
  const seed = options.seed ?? Math.floor(Math.random() * 4294967296);
  if (!Number.isSafeInteger(seed)) {
    throw new TrainerOptionError(caller, 'seed', seed, 'an integer');
  }
  const random = new SeededRandom(seed);
  const scratch = createAugmentScratch();
  return (features, count) => {
    if (!Number.isSafeInteger(count) || count < 0 || count * height * width > features.length) {
      throw new TrainerOptionError(
        caller,
        'count',
        count,
        `an integer from 0 to ${Math.floor(features.length / (height * width))}, the images features holds`,
      );
    }
    augmentBatch(features, count, height, width, random, resolved, scratch);
  };
}
