import {
  type MnistLayout,
  NoInkError,
  normalize,
  resizeArea,
  toMnistLayout,
} from '@mnist-wasm/dataset';
import { DigitImageError } from './errors';
import { DEFAULT_MAX_PIXELS } from './flag-ranges';
import {
  declaredSize,
  decodeImage,
  detectFormat,
  type ImageFormat,
  type RgbaImage,
  SUPPORTED_FORMATS,
} from './image-decode';
import { readImageFile } from './image-file';
import { isAnimatedWebp } from './webp-animation';

/** An image file turned into model input. */
export interface DigitImage {
  file: string;
  /** The file's format, told by its first bytes. */
  format: ImageFormat;
  /** Float32 pixels in [0, 1], `rows * cols`, row by row, white digit on black as in MNIST. */
  pixels: Float32Array;
  /** Size of the image as stored. */
  width: number;
  height: number;
  /** Whether the image was scaled to `cols x rows` (always when preprocessed, else when sizes differ). */
  resized: boolean;
  /** Whether the image was laid out as MNIST's are: cropped to its ink, fitted and centred. */
  preprocessed: boolean;
  /** Whether the image was read as a dark digit on a light background and inverted. */
  inverted: boolean;
  /** Where the ink is in the stored image (preprocessed only). */
  box?: { x: number; y: number; width: number; height: number };
}

/** What {@link readDigitImage} is told. */
export interface ReadDigitImageOptions {
  /** The model's input size. */
  rows: number;
  cols: number;
  /** The image is a dark digit on a light background (with `preprocess`, instead of detecting it). */
  invert: boolean;
  /** Lay the image out as MNIST's are (default); `false` only converts it to gray and resizes it. */
  preprocess?: boolean;
  /** The largest width x height decoded (default {@link DEFAULT_MAX_PIXELS}). */
  maxPixels?: number;
}

/**
 * Reads a PNG, JPEG, WebP, BMP or GIF (its first frame) as MNIST-like model input. The format is
 * told by the file's first bytes, not its name.
 *
 * By default the image goes through MNIST's own recipe (`toMnistLayout` of `@mnist-wasm/dataset`):
 * the polarity is detected (or, with `invert`, taken as dark on light), the image is cropped to its
 * ink, fitted into 20x20 keeping its aspect and placed so its centre of mass is the centre of 28x28.
 * So a digit may be any size, anywhere in the image, dark on light or light on dark.
 *
 * With `preprocess: false` the whole image is converted to gray by luma
 * (`0.299 R + 0.587 G + 0.114 B`, as PIL's `convert('L')`), transparent parts shown over the
 * background (black, or white with `invert`), inverted with `invert`, and resized to
 * `cols x rows` by area averaging if needed, as for an image already laid out as MNIST's are.
 *
 * The size the header declares is checked before anything is decoded: decoding takes memory in
 * proportion to width x height, which a small file can declare as huge.
 *
 * @throws DigitImageError when the file is missing, not a regular file (a FIFO, a device or a
 *   folder is refused without waiting on it), larger than `MAX_IMAGE_BYTES` (64 MiB), not in a
 *   supported format, an animated WebP, corrupt (a GIF whose first frame ends early included),
 *   declares a width or height of 0 or more than `maxPixels` pixels, or (preprocessed) holds no
 *   ink.
 */
export async function readDigitImage(
  file: string,
  { rows, cols, invert, preprocess = true, maxPixels = DEFAULT_MAX_PIXELS }: ReadDigitImageOptions,
): Promise<DigitImage> {
  const bytes = await readImageFile(file);
  const format = detectFormat(bytes);
  if (format === undefined) {
    throw new DigitImageError(
      file,
      `${file} is not an image in a supported format (its first bytes are not those of a ` +
        `${SUPPORTED_FORMATS} file); convert it to one of those first.`,
    );
  }
  if (format === 'webp' && isAnimatedWebp(bytes)) {
    throw new DigitImageError(
      file,
      `${file} is an animated WebP; predict reads still images. Export one frame as PNG (or as ` +
        'a still WebP) and pass that.',
    );
  }
  const { width, height } = declaredSize(file, format, bytes);
  checkDeclaredSize(file, width, height, maxPixels);
  const image = await decodeImage(file, format, bytes, maxPixels);
  if (image.width !== width || image.height !== height) {
    throw new DigitImageError(
      file,
      `${file} declares a ${width}x${height} image but decodes to ${image.width}x${image.height}; ` +
        'export the image again.',
    );
  }
  return preprocess
    ? mnistLayout(file, image, { rows, cols, invert })
    : wholeImage(file, image, { rows, cols, invert });
}

/** MNIST's recipe, then scaled to the model's input if that is not 28x28. */
function mnistLayout(
  file: string,
  image: RgbaImage,
  { rows, cols, invert }: { rows: number; cols: number; invert: boolean },
): DigitImage {
  const { format, width, height } = image;
  let layout: MnistLayout;
  try {
    layout = toMnistLayout(
      { data: image.data, width, height },
      { polarity: invert ? 'dark-on-light' : 'auto' },
    );
  } catch (error) {
    if (error instanceof NoInkError) {
      // The message names the library's option; the app's way round it is --no-preprocess.
      throw new DigitImageError(
        file,
        `${file}: ${error.message} In mnist-notebook, --no-preprocess reads the image as it is.`,
        { cause: error },
      );
    }
    throw error;
  }
  let pixels = normalize(layout.pixels);
  if (rows !== 28 || cols !== 28) {
    pixels = resizeArea({ pixels, width: 28, height: 28 }, cols, rows).pixels;
  }
  const { inverted, box } = layout;
  return { file, format, pixels, width, height, resized: true, preprocessed: true, inverted, box };
}

/** The whole image in gray, inverted if asked, resized by area averaging if needed. */
function wholeImage(
  file: string,
  image: RgbaImage,
  { rows, cols, invert }: { rows: number; cols: number; invert: boolean },
): DigitImage {
  const { format, width, height } = image;
  const pixels = normalize(grayscale(image.data, invert));
  const base = { file, format, width, height, preprocessed: false, inverted: invert };
  if (width === cols && height === rows) return { ...base, pixels, resized: false };
  const resized = resizeArea({ pixels, width, height }, cols, rows);
  return { ...base, pixels: resized.pixels, resized: true };
}

/** Refuses a declared size with no pixels, or with more than `maxPixels`. */
function checkDeclaredSize(file: string, width: number, height: number, maxPixels: number): void {
  if (width === 0 || height === 0) {
    throw new DigitImageError(
      file,
      `${file} declares a ${width}x${height} image, which has no pixels; export the image again.`,
    );
  }
  const pixels = width * height;
  if (pixels > maxPixels) {
    const format = (n: number) => n.toLocaleString('en-US');
    throw new DigitImageError(
      file,
      `${file} declares a ${width}x${height} image (${format(pixels)} pixels), more than the ` +
        `limit of ${format(maxPixels)} pixels, so it is not decoded. Crop or shrink it to the ` +
        'digit (28x28 is what the model sees), or raise the limit with --max-pixels N if the ' +
        'image is genuine and memory allows.',
    );
  }
}

/**
 * 8-bit RGBA to 8-bit luma over the background, inverted when asked. Whole numbers, so a grayscale
 * image of an MNIST digit gives back its exact bytes.
 */
function grayscale(rgba: Uint8Array, invert: boolean): Uint8Array {
  const background = invert ? 255 : 0;
  const gray = new Uint8Array(rgba.length / 4);
  for (let i = 0; i < gray.length; i++) {
    const r = rgba[4 * i]!;
    const g = rgba[4 * i + 1]!;
    const b = rgba[4 * i + 2]!;
    const alpha = rgba[4 * i + 3]! / 255;
    const luma = (299 * r + 587 * g + 114 * b) / 1000;
    const shown = Math.round(luma * alpha + background * (1 - alpha));
    gray[i] = invert ? 255 - shown : shown;
  }
  return gray;
}
