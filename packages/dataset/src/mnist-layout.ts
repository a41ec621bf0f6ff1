import { MNIST_IMAGE_SIZE } from './files';
import { checkImage, checkLayoutOptions, type Polarity } from './mnist-layout-checks';
import { type GrayDigit, inkLevels, toGray } from './mnist-layout-gray';
import { inkBox, keepInk, noInkError, type PixelBox } from './mnist-layout-ink';
import { type GrayImage, resampleArea, resampleBilinear } from './resize-area';

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
  polarity?: Polarity;
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
  box: PixelBox;
}

/** The side of the box MNIST's digits were scaled to fit. */
const FIT = 20;
/** Where MNIST puts the centre of mass: pixel-centre coordinates, pixel (0, 0)'s centre at 0. */
const CENTRE = 14;

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
 * Only typed arrays are allocated: a float32 copy of the image and a few small buffers.
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
  const { polarity, noiseThreshold } = checkLayoutOptions(options);
  const digit = toGray(data, width, height, channels, polarity);
  const levels = inkLevels(digit, polarity, noiseThreshold);
  const box = inkBox(digit, levels);
  if (box == null) throw noInkError(digit, channels, polarity, levels.inverted, noiseThreshold);
  keepInk(digit, box, levels);
  const fitted = fitToBox(digit, box);
  const pixels = placeAsBytes(fitted, massCentreShift(fitted));
  return { pixels, inverted: levels.inverted, box };
}

/**
 * Step 5: the ink's box scaled so that its longer side is 20 pixels, aspect ratio kept: by area
 * averaging when shrinking, bilinearly when enlarging.
 */
function fitToBox({ gray, width: stride }: GrayDigit, box: PixelBox): GrayImage {
  const scale = FIT / Math.max(box.width, box.height);
  const width = Math.max(1, Math.min(FIT, Math.round(box.width * scale)));
  const height = Math.max(1, Math.min(FIT, Math.round(box.height * scale)));
  const fitted = { pixels: new Float32Array(width * height), width, height };
  const from = { src: gray, stride, ...box };
  if (scale <= 1) resampleArea(from, fitted);
  else resampleBilinear(from, fitted);
  return fitted;
}

/** Step 6: the whole-pixel shift that puts the intensity-weighted centre of mass on (14, 14). */
function massCentreShift({ pixels, width, height }: GrayImage): { x: number; y: number } {
  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = pixels[y * width + x]!;
      mass += v;
      sumX += v * x;
      sumY += v * y;
    }
  }
  return { x: Math.round(CENTRE - sumX / mass), y: Math.round(CENTRE - sumY / mass) };
}

/**
 * Step 7: `fitted` moved by `shift` into a 28x28 image (what falls outside is clipped), scaled so
 * that its brightest pixel is 255, rounded to uint8.
 */
function placeAsBytes(
  { pixels, width, height }: GrayImage,
  shift: { x: number; y: number },
): Uint8Array {
  let peak = 0;
  for (const v of pixels) if (v > peak) peak = v;
  const side = MNIST_IMAGE_SIZE;
  const out = new Uint8Array(side * side);
  const toByte = 255 / peak;
  for (let y = 0; y < height; y++) {
    const ty = y + shift.y;
    if (ty < 0 || ty >= side) continue;
    for (let x = 0; x < width; x++) {
      const tx = x + shift.x;
      if (tx < 0 || tx >= side) continue;
      out[ty * side + tx] = Math.min(255, Math.round(pixels[y * width + x]! * toByte));
    }
  }
  return out;
}
