import { open } from 'node:fs/promises';
import { normalize } from '@mnist-wasm/dataset';
import { PNG } from 'pngjs';
import { DigitImageError } from './errors';
import { DEFAULT_MAX_PIXELS } from './flag-ranges';
import { resizeArea } from './resize';

/** A PNG turned into model input. */
export interface DigitImage {
  file: string;
  /** Float32 pixels in [0, 1], `rows * cols`, row by row, white digit on black as in MNIST. */
  pixels: Float32Array;
  /** Size of the PNG as stored. */
  width: number;
  height: number;
  /** Whether the PNG had another size than `cols x rows` and was resized by area averaging. */
  resized: boolean;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The largest PNG file read: far above any digit's, far below what would strain memory. */
export const MAX_PNG_BYTES = 64 * 1024 * 1024;

/**
 * Reads a PNG of any colour type and bit depth as MNIST-like model input: grayscale by luma
 * (`0.299 R + 0.587 G + 0.114 B`, as PIL's `convert('L')`), transparent parts shown over the
 * background (black, or white with `invert`), resized to `cols x rows` if needed, scaled to [0, 1].
 *
 * MNIST digits are white on black: pass `invert` for a dark digit on a light background.
 *
 * The size the PNG declares (its IHDR chunk) is checked before anything is decoded: decoding takes
 * memory in proportion to width x height, which a small file can declare as huge.
 *
 * @param options - `rows` x `cols`: the model's input size; `invert`: dark digit on light;
 *   `maxPixels`: the largest width x height decoded (default {@link DEFAULT_MAX_PIXELS}).
 * @throws DigitImageError when the file is missing, not a regular file, larger than
 *   {@link MAX_PNG_BYTES}, not a PNG, a corrupt PNG, declares a width or height of 0, or more than
 *   `maxPixels` pixels.
 */
export async function readDigitPng(
  file: string,
  {
    rows,
    cols,
    invert,
    maxPixels = DEFAULT_MAX_PIXELS,
  }: { rows: number; cols: number; invert: boolean; maxPixels?: number },
): Promise<DigitImage> {
  const bytes = await readPngFile(file);
  if (!PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) {
    throw new DigitImageError(
      file,
      `${file} is not a PNG file (it lacks the PNG signature); convert the image to PNG first.`,
    );
  }
  checkDeclaredSize(file, bytes, maxPixels);
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch (error) {
    throw new DigitImageError(
      file,
      `${file} is a corrupt PNG (${(error as Error).message}); export the image again.`,
      { cause: error },
    );
  }
  const { width, height } = png;
  const gray = grayscale(png.data, invert);
  if (width === cols && height === rows) {
    return { file, pixels: normalize(gray), width, height, resized: false };
  }
  const resized = resizeArea({ pixels: normalize(gray), width, height }, cols, rows);
  return { file, pixels: resized.pixels, width, height, resized: true };
}

/**
 * The bytes of `file`, read only from a regular file of at most {@link MAX_PNG_BYTES}: a device such
 * as /dev/zero or an endless pipe would otherwise be read until memory runs out.
 */
async function readPngFile(file: string): Promise<Buffer> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    const reason = error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.message})`;
    throw new DigitImageError(file, `${file} ${reason}.`, { cause: error });
  });
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new DigitImageError(
        file,
        `${file} is not a regular file; pass the path of a PNG file.`,
      );
    }
    if (stats.size > MAX_PNG_BYTES) {
      throw new DigitImageError(
        file,
        `${file} holds ${stats.size} bytes, more than the ${MAX_PNG_BYTES} a PNG of a digit may have; scale the image down first.`,
      );
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * Checks the width and height in the IHDR chunk, which the PNG format puts first, right after the
 * signature: 4 bytes of length, `IHDR`, then width and height as big-endian 32-bit integers.
 */
function checkDeclaredSize(file: string, bytes: Uint8Array, maxPixels: number): void {
  const header = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = new TextDecoder().decode(bytes.subarray(12, 16));
  if (bytes.length < 24 || type !== 'IHDR') {
    throw new DigitImageError(
      file,
      `${file} is a corrupt PNG (it does not start with an IHDR chunk); export the image again.`,
    );
  }
  const width = header.getUint32(16);
  const height = header.getUint32(20);
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
 * 8-bit RGBA (pngjs's decoded form, whatever the file's colour type or depth) to 8-bit luma over
 * the background, inverted when asked. Whole numbers, so a grayscale PNG of an MNIST image gives
 * back its exact bytes.
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
