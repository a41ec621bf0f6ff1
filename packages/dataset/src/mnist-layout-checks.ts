import { optionChecks } from '@mnist-wasm/errors';
import { DatasetOptionError } from './errors';
import type { DigitImageData, MnistLayoutOptions } from './mnist-layout';

const CALLER = 'toMnistLayout';

/** The ink/background orders {@link MnistLayoutOptions.polarity} takes. */
export const POLARITIES = ['auto', 'light-on-dark', 'dark-on-light'] as const;

/** One of {@link POLARITIES}. */
export type Polarity = (typeof POLARITIES)[number];

/** The default of {@link MnistLayoutOptions.noiseThreshold}. */
export const DEFAULT_NOISE_THRESHOLD = 0.2;

/** A {@link DigitImageData} checked, with its number of channels. */
export interface CheckedImage {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array | Uint8ClampedArray | Float32Array;
}

/**
 * Checks the image given to `toMnistLayout` (its float values: {@link checkFloats}) and counts its
 * channels.
 * @throws DatasetOptionError naming `image`, `image.width`, `image.height` or `image.data`.
 */
export function checkImage(image: DigitImageData): CheckedImage {
  const check = optionChecks(DatasetOptionError, CALLER);
  check.require(
    image !== null && typeof image === 'object',
    'image',
    image,
    'an ImageData-like { data, width, height } (e.g. from getImageData or a PNG/JPEG decoder)',
  );
  const { data } = image;
  const side = { min: 1, max: Number.MAX_SAFE_INTEGER, allowed: 'a positive integer (pixels)' };
  const width = check.integer('image.width', image.width, side);
  const height = check.integer('image.height', image.height, side);
  check.require(
    data instanceof Uint8Array || data instanceof Uint8ClampedArray || data instanceof Float32Array,
    'image.data',
    data,
    'a Uint8Array or Uint8ClampedArray of values 0-255, or a Float32Array of values 0-1',
  );
  const count = width * height;
  const channels = data.length / count;
  check.require(
    Number.isInteger(channels) && channels >= 1 && channels <= 4,
    'image.data',
    data,
    `width * height * channels values, channels 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 ` +
      `(RGBA): ${count}, ${2 * count}, ${3 * count} or ${4 * count} for a ${width}x${height} ` +
      `image (it holds ${data.length}); check width and height`,
  );
  return { width, height, channels, data };
}

/**
 * Checks the options of `toMnistLayout` and fills in the defaults.
 * @throws DatasetOptionError naming `options`, `polarity` or `noiseThreshold`.
 */
export function checkLayoutOptions(options: MnistLayoutOptions): {
  polarity: Polarity;
  noiseThreshold: number;
} {
  const check = optionChecks(DatasetOptionError, CALLER);
  check.require(
    options !== null && typeof options === 'object',
    'options',
    options,
    'an object { polarity?, noiseThreshold? } or nothing',
  );
  const { polarity = 'auto', noiseThreshold = DEFAULT_NOISE_THRESHOLD } = options;
  check.require(
    POLARITIES.includes(polarity),
    'polarity',
    polarity,
    "'auto' (the default), 'light-on-dark' (as MNIST) or 'dark-on-light' (ink on paper)",
  );
  check.number('noiseThreshold', noiseThreshold, {
    min: 0,
    below: 1,
    allowed:
      `a number from 0 up to (not including) 1, the fraction of the range above the background ` +
      `taken as noise (default ${DEFAULT_NOISE_THRESHOLD})`,
  });
  return { polarity, noiseThreshold };
}

/**
 * Refuses float pixels outside [0, 1] (NaN included).
 * @throws DatasetOptionError naming `image.data` and the first such value.
 */
export function checkFloats(data: Float32Array): void {
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
