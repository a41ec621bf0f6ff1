import { readFile } from 'node:fs/promises';
import { normalize } from '@mnist-wasm/dataset';
import { PNG } from 'pngjs';
import { DigitImageError } from './errors';
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

/**
 * Reads a PNG of any colour type and bit depth as MNIST-like model input: grayscale by luma
 * (`0.299 R + 0.587 G + 0.114 B`, as PIL's `convert('L')`), transparent parts shown over the
 * background (black, or white with `invert`), resized to `cols x rows` if needed, scaled to [0, 1].
 *
 * MNIST digits are white on black: pass `invert` for a dark digit on a light background.
 *
 * @throws DigitImageError when the file is missing, not a PNG, or a corrupt PNG.
 */
export async function readDigitPng(
  file: string,
  { rows, cols, invert }: { rows: number; cols: number; invert: boolean },
): Promise<DigitImage> {
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    const reason = error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.message})`;
    throw new DigitImageError(file, `${file} ${reason}.`, { cause: error });
  });
  if (!PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) {
    throw new DigitImageError(
      file,
      `${file} is not a PNG file (it lacks the PNG signature); convert the image to PNG first.`,
    );
  }
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
