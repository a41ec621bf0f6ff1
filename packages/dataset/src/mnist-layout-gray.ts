import { checkFloats, type Polarity } from './mnist-layout-checks';

/** A digit image in gray values in [0, 1], one per pixel, with the counts of its values. */
export interface GrayDigit {
  gray: Float32Array;
  width: number;
  height: number;
  /** How many pixels have each value, rounded to 1/255. */
  histogram: Uint32Array;
}

/**
 * Step 1 of `toMnistLayout`: gray values in [0, 1], one per pixel (luma of RGB), composited over
 * the background where not opaque; counts each value, rounded to 1/255, in the histogram. One pass
 * over `data` (two when compositing).
 */
export function toGray(
  data: Uint8Array | Uint8ClampedArray | Float32Array,
  width: number,
  height: number,
  channels: number,
  polarity: Polarity,
): GrayDigit {
  const count = width * height;
  const histogram = new Uint32Array(256);
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
  const digit = { gray, width, height, histogram };
  if (channels === 1 || channels === 3) return digit;

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
  if (allOpaque) return digit;
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
  return digit;
}

/** Which way round a digit's ink is, and where its background and noise end. */
export interface InkLevels {
  /** Whether the ink is dark on a light background (and the image is to be inverted). */
  inverted: boolean;
  /** The background level in ink space (light ink), in [0, 1]: what becomes 0. */
  background: number;
  /** Ink is `sign * gray > limit`: gray above the noise level, or (inverted) 1 - gray above it. */
  sign: number;
  limit: number;
}

/**
 * Steps 2 and 3 of `toMnistLayout`: the polarity, from the median of the border, not of the whole
 * image (a thick digit on a tight canvas is more ink than background, but its border is still
 * mostly background); the background level, the median of the pixels on its side of the
 * mid-range (so a forced polarity finds it even under a large digit); and the noise level above
 * it.
 */
export function inkLevels(
  { gray, width, height, histogram }: GrayDigit,
  polarity: Polarity,
  noiseThreshold: number,
): InkLevels {
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
  // The noise level in ink space, float32 as the pixels are, so that 51/255 is not above a
  // threshold of 0.2.
  const background = inverted ? 1 - backgroundBin / 255 : backgroundBin / 255;
  const level = Math.fround(background + noiseThreshold * (1 - background));
  const sign = inverted ? -1 : 1;
  const limit = inverted ? Math.fround(1 - level) * -1 : level;
  return { inverted, background, sign, limit };
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
