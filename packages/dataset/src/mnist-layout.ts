import { DatasetOptionError, NoInkError } from './errors';
import { MNIST_IMAGE_SIZE } from './files';
import { resampleArea } from './resize-area';

/**
 * An image to lay out, shaped like the DOM's `ImageData`: `data` holds `width * height * channels`
 * values, row by row, the channels of a pixel together. The number of channels is
 * `data.length / (width * height)`: 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA (what
 * `CanvasRenderingContext2D.getImageData` and most PNG/JPEG decoders give).
 *
 * - `Uint8Array` / `Uint8ClampedArray`: values 0-255.
 * - `Float32Array`: values 0-1 (anything else, or NaN, is refused).
 */
export interface DigitImageData {
  data: Uint8Array | Uint8ClampedArray | Float32Array;
  width: number;
  height: number;
}

/** Options of {@link toMnistLayout}. */
export interface MnistLayoutOptions {
  /**
   * Which way round ink and background are.
   *
   * - `'auto'` (default): decided by the median of the image's border (its outermost rows and
   *   columns), which is background even when the ink covers most of the image, since a stroke
   *   crosses the border at a few points at most: when that median lies nearer the image's
   *   lightest value than its darkest, the background is light and the image is inverted.
   * - `'light-on-dark'`: as MNIST, light ink on a dark background, never inverted.
   * - `'dark-on-light'`: dark ink on a light background (paper, a white canvas), always inverted.
   */
  polarity?: 'auto' | 'light-on-dark' | 'dark-on-light';
  /**
   * Default 0.2. A pixel is ink only when it stands out from the background by more than this
   * fraction of the range ink could span above the background (from the background level to full
   * white, after inversion): with a black background, 0.2 keeps pixels above 51 of 255. Fainter
   * pixels (paper texture, sensor noise, JPEG ringing, the faintest anti-aliased edges) are set to
   * 0. A number in [0, 1); 0 keeps everything lighter than the background.
   */
  noiseThreshold?: number;
}

/** What {@link toMnistLayout} returns. */
export interface MnistLayout {
  /**
   * 28*28 uint8 pixels 0-255, white ink on black, row by row: the layout of MNIST's own images
   * (usable as `Examples` features with shape `[28, 28]`). The brightest pixel is 255.
   */
  pixels: Uint8Array;
  /** Whether the image was inverted (dark ink on a light background). */
  inverted: boolean;
  /** The ink's bounding box in the input image, in pixels. */
  box: { x: number; y: number; width: number; height: number };
}

/** The side of the box MNIST's digits were scaled to fit. */
const FIT = 20;
/** Where MNIST puts the centre of mass: pixel-centre coordinates, pixel (0, 0)'s centre at 0. */
const CENTRE = 14;
const DEFAULT_NOISE_THRESHOLD = 0.2;
const POLARITIES = ['auto', 'light-on-dark', 'dark-on-light'] as const;
const CALLER = 'toMnistLayout';

/**
 * Lays out a handwritten digit as MNIST's images are: white ink on black, scaled to fit a 20x20
 * box, centred by its centre of mass in a 28x28 image, uint8 0-255. Use it to classify a digit
 * from a web page's canvas, a decoded PNG or JPEG, or a scan with a model trained on MNIST.
 *
 * The recipe is MNIST's own (LeCun, Cortes and Burges, "The MNIST database of handwritten
 * digits"): "the images were size normalized to fit in a 20x20 pixel box while preserving their
 * aspect ratio ... anti-aliasing ... centered in a 28x28 image by computing the center of mass of
 * the pixels, and translating the image so as to position this point at the center of the 28x28
 * field". Step by step:
 *
 * 1. Gray: luma `0.299 R + 0.587 G + 0.114 B` (ITU-R BT.601, as PIL's `convert('L')`). Where
 *    alpha is below opaque, the pixel is composited over the background: with `polarity`
 *    `'dark-on-light'` over white, with `'light-on-dark'` over black, with `'auto'` over white
 *    when what is painted (the alpha-weighted mean luma) is dark and over black when it is light.
 *    So black strokes on a transparent canvas are dark ink on white (and are inverted), white
 *    strokes on a transparent canvas light ink on black.
 * 2. Polarity: see {@link MnistLayoutOptions.polarity} (`'auto'` judges the background by the
 *    image's border); a light background is inverted.
 * 3. Background and noise: the background level is the median of the pixels on the background's
 *    side of the mid-range (`(darkest + lightest) / 2`), so that a forced polarity finds the
 *    background even under a digit that fills most of the image. It becomes 0; pixels within
 *    `noiseThreshold` of it (see {@link MnistLayoutOptions.noiseThreshold}) become 0.
 * 4. Crop to the bounding box of the ink. An isolated ink pixel (no ink among its 8 neighbours,
 *    e.g. a speck of dust) does not extend the box.
 * 5. Scale the box, keeping its aspect ratio, so that its longer side is 20 pixels: by area
 *    averaging when shrinking (each pixel the mean of what it covers: anti-aliased, thin strokes
 *    kept), by bilinear interpolation when enlarging a small digit (smooth edges, not blocks).
 * 6. Place it in 28x28 so that its intensity-weighted centre of mass lands on pixel (14, 14),
 *    rounding the shift to whole pixels (no resampling, so nothing is blurred); what would fall
 *    outside is clipped. MNIST did the same: the centres of mass of its images spread evenly over
 *    13.5-14.5 in both axes (pixel centres at 0-27), the mark of a whole-pixel shift onto 14.
 * 7. Scale so that the brightest pixel is 255 and round to uint8.
 *
 * An MNIST image given as it is comes back nearly unchanged: only pixels at or below the noise
 * threshold (51 at the default) are cleared.
 *
 * Only typed arrays are allocated (a float32 copy of the image, a few small buffers): a 200x200
 * RGBA image takes well under a millisecond.
 *
 * @param image - The digit: `data` of `width * height * channels` values, see
 *   {@link DigitImageData}. Any size from 1x1; the digit may be anywhere in it.
 * @param options - `polarity` (default `'auto'`), `noiseThreshold` (default 0.2).
 * @returns `pixels`: `Uint8Array` of 784 values 0-255, shape `[28, 28]`, white ink on black;
 *   `inverted`: whether the image was inverted; `box`: the ink's bounding box in the input.
 * @throws DatasetOptionError when `width` or `height` is not a positive integer, `data` is not one
 *   of the three typed arrays, its length is not 1 to 4 times `width * height`, a float value is
 *   outside [0, 1], or an option is outside what it accepts. The message names `toMnistLayout`,
 *   the option and what to give.
 * @throws NoInkError when no pixel stands out from the background by more than the noise
 *   threshold (a blank or transparent image, only faint noise, or the wrong `polarity` forced).
 *
 * @example
 * ```ts
 * import { toMnistLayout } from '@mnist-wasm/dataset';
 *
 * // A canvas the user drew on (black strokes on white or on transparent).
 * const image = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
 * const { pixels, inverted, box } = toMnistLayout(image);
 * pixels.length; // 784: uint8 [28, 28], white digit on black, as MNIST
 * inverted; // true: dark ink on a light background
 *
 * // As examples for the predict functions of the other packages.
 * const digits = { features: pixels, count: 1, shape: [28, 28] };
 * ```
 */
export function toMnistLayout(
  image: DigitImageData,
  options: MnistLayoutOptions = {},
): MnistLayout {
  const { width, height, channels, data } = checkImage(image);
  const { polarity, noiseThreshold } = checkOptions(options);
  const count = width * height;

  // 1. Gray, composited over the background where transparent.
  const histogram = new Uint32Array(256);
  const gray = toGray(data, count, channels, polarity, histogram);

  // 2. Polarity from the median of the border, not of the whole image: a thick digit on a tight
  // canvas is more ink than background, but its border is still mostly background. The
  // background level is the median of the pixels on its side of the mid-range (so a forced
  // polarity finds it even under a large digit).
  let darkest = 0;
  while (histogram[darkest] === 0) darkest++;
  let lightest = 255;
  while (histogram[lightest] === 0) lightest--;
  const median = borderMedian(gray, width, height);
  const middle = (darkest + lightest) / 2;
  const inverted =
    polarity === 'dark-on-light' || (polarity === 'auto' && median - darkest > lightest - median);
  const backgroundBin = inverted
    ? medianBin(histogram, Math.ceil(middle), 255)
    : medianBin(histogram, 0, Math.floor(middle));

  // 3. Ink above the background, in ink space (light ink): `level` is the noise threshold,
  // float32 as the pixels are, so that 51/255 is not above a threshold of 0.2.
  const background = inverted ? 1 - backgroundBin / 255 : backgroundBin / 255;
  const level = Math.fround(background + noiseThreshold * (1 - background));
  // Ink is `sign * gray > limit`: gray above `level`, or (inverted) 1 - gray above it.
  const sign = inverted ? -1 : 1;
  const limit = inverted ? Math.fround(1 - level) * -1 : level;

  // 4. The box of the ink, isolated pixels aside.
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  // Per row, only the first and the last ink pixel matter: scan in from both ends.
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let x = 0;
    while (
      x < width &&
      !(sign * gray[row + x]! > limit && hasInk(gray, width, height, x, y, sign, limit))
    )
      x++;
    if (x === width) continue;
    if (x < left) left = x;
    if (y < top) top = y;
    bottom = y;
    let end = width - 1;
    while (
      end > right &&
      !(sign * gray[row + end]! > limit && hasInk(gray, width, height, end, y, sign, limit))
    )
      end--;
    if (end > right) right = end;
  }
  if (right < 0) throw noInk(width, height, channels, polarity, inverted, noiseThreshold);
  const boxWidth = right - left + 1;
  const boxHeight = bottom - top + 1;
  for (let y = top; y <= bottom; y++) {
    const row = y * width;
    for (let x = row + left; x <= row + right; x++) {
      const v = gray[x]!;
      gray[x] = sign * v > limit ? (inverted ? 1 - v : v) - background : 0;
    }
  }

  // 5. Longer side 20, aspect ratio kept.
  const scale = FIT / Math.max(boxWidth, boxHeight);
  const fitWidth = Math.max(1, Math.min(FIT, Math.round(boxWidth * scale)));
  const fitHeight = Math.max(1, Math.min(FIT, Math.round(boxHeight * scale)));
  const fitted = new Float32Array(fitWidth * fitHeight);
  if (scale <= 1) {
    resampleArea(gray, width, left, top, boxWidth, boxHeight, fitted, fitWidth, fitHeight);
  } else {
    resampleBilinear(gray, width, left, top, boxWidth, boxHeight, fitted, fitWidth, fitHeight);
  }

  // 6. Centre of mass onto (14, 14), by a whole-pixel shift.
  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  let peak = 0;
  for (let y = 0; y < fitHeight; y++) {
    for (let x = 0; x < fitWidth; x++) {
      const v = fitted[y * fitWidth + x]!;
      mass += v;
      sumX += v * x;
      sumY += v * y;
      if (v > peak) peak = v;
    }
  }
  const shiftX = Math.round(CENTRE - sumX / mass);
  const shiftY = Math.round(CENTRE - sumY / mass);

  // 7. Brightest pixel 255, uint8.
  const pixels = new Uint8Array(MNIST_IMAGE_SIZE * MNIST_IMAGE_SIZE);
  const toByte = 255 / peak;
  for (let y = 0; y < fitHeight; y++) {
    const ty = y + shiftY;
    if (ty < 0 || ty >= MNIST_IMAGE_SIZE) continue;
    for (let x = 0; x < fitWidth; x++) {
      const tx = x + shiftX;
      if (tx < 0 || tx >= MNIST_IMAGE_SIZE) continue;
      pixels[ty * MNIST_IMAGE_SIZE + tx] = Math.min(
        255,
        Math.round(fitted[y * fitWidth + x]! * toByte),
      );
    }
  }
  return {
    pixels,
    inverted,
    box: { x: left, y: top, width: boxWidth, height: boxHeight },
  };
}

interface CheckedImage {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array | Uint8ClampedArray | Float32Array;
}

function checkImage(image: DigitImageData): CheckedImage {
  if (image === null || typeof image !== 'object') {
    throw new DatasetOptionError(
      CALLER,
      'image',
      image,
      'an ImageData-like { data, width, height } (e.g. from getImageData or a PNG/JPEG decoder)',
    );
  }
  const { data, width, height } = image;
  for (const [option, value] of [
    ['image.width', width],
    ['image.height', height],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new DatasetOptionError(CALLER, option, value, 'a positive integer (pixels)');
    }
  }
  if (
    !(
      data instanceof Uint8Array ||
      data instanceof Uint8ClampedArray ||
      data instanceof Float32Array
    )
  ) {
    throw new DatasetOptionError(
      CALLER,
      'image.data',
      data,
      'a Uint8Array or Uint8ClampedArray of values 0-255, or a Float32Array of values 0-1',
    );
  }
  const count = width * height;
  const channels = data.length / count;
  if (!Number.isInteger(channels) || channels < 1 || channels > 4) {
    throw new DatasetOptionError(
      CALLER,
      'image.data',
      data,
      `width * height * channels values, channels 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 ` +
        `(RGBA): ${count}, ${2 * count}, ${3 * count} or ${4 * count} for a ${width}x${height} ` +
        `image (it holds ${data.length}); check width and height`,
    );
  }
  return { width, height, channels, data };
}

function checkOptions(options: MnistLayoutOptions): {
  polarity: (typeof POLARITIES)[number];
  noiseThreshold: number;
} {
  if (options === null || typeof options !== 'object') {
    throw new DatasetOptionError(
      CALLER,
      'options',
      options,
      'an object { polarity?, noiseThreshold? } or nothing',
    );
  }
  const { polarity = 'auto', noiseThreshold = DEFAULT_NOISE_THRESHOLD } = options;
  if (!POLARITIES.includes(polarity)) {
    throw new DatasetOptionError(
      CALLER,
      'polarity',
      polarity,
      "'auto' (the default), 'light-on-dark' (as MNIST) or 'dark-on-light' (ink on paper)",
    );
  }
  if (typeof noiseThreshold !== 'number' || !(noiseThreshold >= 0 && noiseThreshold < 1)) {
    throw new DatasetOptionError(
      CALLER,
      'noiseThreshold',
      noiseThreshold,
      `a number from 0 up to (not including) 1, the fraction of the range above the background ` +
        `taken as noise (default ${DEFAULT_NOISE_THRESHOLD})`,
    );
  }
  return { polarity, noiseThreshold };
}

/**
 * Gray values in [0, 1], one per pixel, composited over the background where not opaque; counts
 * each value, rounded to 1/255, in `histogram`. One pass over `data` (two when compositing).
 */
function toGray(
  data: Uint8Array | Uint8ClampedArray | Float32Array,
  count: number,
  channels: number,
  polarity: (typeof POLARITIES)[number],
  histogram: Uint32Array,
): Float32Array {
  const isFloat = data instanceof Float32Array;
  if (isFloat) checkFloats(data);
  // Luma weights per input unit: 299/587/114 thousandths, of 255 for bytes.
  const unit = isFloat ? 1 : 1 / 255;
  const r = 0.299 * unit;
  const g = 0.587 * unit;
  const b = 0.114 * unit;
  const gray = new Float32Array(count);
  if (channels >= 3) {
    for (let i = 0, j = 0; i < count; i++, j += channels) {
      const v = r * data[j]! + g * data[j + 1]! + b * data[j + 2]!;
      gray[i] = v;
      histogram[(v * 255 + 0.5) | 0]!++;
    }
  } else {
    for (let i = 0, j = 0; i < count; i++, j += channels) {
      const v = data[j]! * unit;
      gray[i] = v;
      histogram[(v * 255 + 0.5) | 0]!++;
    }
  }
  if (channels === 1 || channels === 3) return gray;

  // Alpha: the last channel. Composite only when some pixel is not opaque.
  const opaque = isFloat ? 1 : 255;
  let painted = 0;
  let paintedLuma = 0;
  let allOpaque = true;
  for (let i = 0, a = channels - 1; i < count; i++, a += channels) {
    const alpha = data[a]!;
    if (alpha !== opaque) allOpaque = false;
    painted += alpha;
    paintedLuma += alpha * gray[i]!;
  }
  if (allOpaque) return gray;
  const over =
    polarity === 'dark-on-light'
      ? 1
      : polarity === 'light-on-dark'
        ? 0
        : painted > 0 && paintedLuma / painted >= 0.5
          ? 0
          : 1;
  histogram.fill(0);
  for (let i = 0, a = channels - 1; i < count; i++, a += channels) {
    const alpha = data[a]! * unit;
    const v = gray[i]! * alpha + over * (1 - alpha);
    gray[i] = v;
    histogram[(v * 255 + 0.5) | 0]!++;
  }
  return gray;
}

function checkFloats(data: Float32Array): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!(v >= 0 && v <= 1)) {
      throw new DatasetOptionError(
        CALLER,
        'image.data',
        data,
        `Float32Array values in [0, 1] (value ${i} is ${v}); clamp or rescale them, or pass ` +
          'bytes 0-255 as a Uint8Array',
      );
    }
  }
}

/** The median of the outermost rows and columns of `gray`, as a bin 0-255. */
function borderMedian(gray: Float32Array, width: number, height: number): number {
  const histogram = new Uint32Array(256);
  const count = (i: number) => {
    histogram[(gray[i]! * 255 + 0.5) | 0]!++;
  };
  for (let x = 0; x < width; x++) {
    count(x);
    if (height > 1) count((height - 1) * width + x);
  }
  for (let y = 1; y < height - 1; y++) {
    count(y * width);
    if (width > 1) count(y * width + width - 1);
  }
  return medianBin(histogram, 0, 255);
}

/**
 * The median bin of `histogram` among bins `first` to `last` (the upper one of two), or of all
 * bins when those are empty.
 */
function medianBin(histogram: Uint32Array, first: number, last: number): number {
  let total = 0;
  for (let b = first; b <= last; b++) total += histogram[b]!;
  if (total === 0) return first === 0 && last === 255 ? 0 : medianBin(histogram, 0, 255);
  let bin = first;
  for (let seen = histogram[bin]!; seen * 2 <= total; ) seen += histogram[++bin]!;
  return bin;
}

/** Whether any of the 8 neighbours of (x, y) is ink: `sign * gray > limit`. */
function hasInk(
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

/**
 * Bilinear enlargement of the `boxWidth x boxHeight` region at (`x0`, `y0`) of `src` into `dst`,
 * pixel centres aligned; outside the region counts as 0 (background), so edges fade smoothly.
 */
function resampleBilinear(
  src: Float32Array,
  stride: number,
  x0: number,
  y0: number,
  boxWidth: number,
  boxHeight: number,
  dst: Float32Array,
  dstWidth: number,
  dstHeight: number,
): void {
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

function noInk(
  width: number,
  height: number,
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
    `${CALLER}: the ${width}x${height} image (${channels} channel${channels === 1 ? '' : 's'}) ` +
      `holds no ink: no pixel (other than isolated specks) is ${ink} than the background by more ` +
      `than noiseThreshold ${noiseThreshold} of the range. Pass an image with a digit on it, ` +
      `lower noiseThreshold for faint ink${hint}.`,
  );
}
