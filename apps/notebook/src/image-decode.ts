import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { GIF } from 'image-size/types/gif';
import { JPG } from 'image-size/types/jpg';
import { PNG as PNG_HEADER } from 'image-size/types/png';
import { WEBP } from 'image-size/types/webp';
import { PNG } from 'pngjs';
import { decodeBmp, readBmpHeader } from './decode-bmp';
import { decodeGif } from './decode-gif';
import { decodeJpeg } from './decode-jpeg';
import { DigitImageError } from './errors';
import { applyOrientation, exifOrientation, swapsSides } from './exif-orientation';

/** The image formats `predict` reads, told apart by their first bytes. */
export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'bmp' | 'gif';

/** How messages name each format. */
export const FORMAT_NAMES: Record<ImageFormat, string> = {
  png: 'PNG',
  jpeg: 'JPEG',
  webp: 'WebP',
  bmp: 'BMP',
  gif: 'GIF',
};

/** The formats read, for messages: `PNG, JPEG, WebP, BMP or GIF`. */
export const SUPPORTED_FORMATS = 'PNG, JPEG, WebP, BMP or GIF';

/** A decoded image: 8-bit RGBA, `width * height * 4` bytes, row by row. */
export interface RgbaImage {
  format: ImageFormat;
  data: Uint8Array;
  width: number;
  height: number;
}

const ascii = (bytes: Uint8Array, start: number, end: number) =>
  String.fromCharCode(...bytes.subarray(start, end));

/**
 * The format of an image file by its magic bytes (never by its name), or `undefined` for anything
 * else: PNG's 8-byte signature, JPEG's SOI marker and the first marker's `FF`, `GIF87a`/`GIF89a`,
 * BMP's `BM`, WebP's `RIFF....WEBP`.
 */
export function detectFormat(bytes: Uint8Array): ImageFormat | undefined {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.every((byte, i) => bytes[i] === byte)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const gif = ascii(bytes, 0, 6);
  if (gif === 'GIF87a' || gif === 'GIF89a') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  // `BM` alone is weak; a BMP header also holds its data offset, past the 14+12 header bytes.
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length >= 26) return 'bmp';
  return undefined;
}

/** image-size's reader of each format's header (its own format detection is not used). */
const HEADER_READERS = {
  png: PNG_HEADER,
  jpeg: JPG,
  webp: WEBP,
  // The project's own reader: image-size misreads OS/2 headers and checks no colour table.
  bmp: { calculate: readBmpHeader },
  gif: GIF,
} as const;

/**
 * The width and height an image's header declares, read without decoding any pixels (PNG's IHDR
 * chunk, JPEG's SOF marker, GIF's logical screen, BMP's info header, WebP's VP8/VP8L/VP8X chunk),
 * as shown: sides swapped when the EXIF orientation (JPEG, PNG, WebP) turns the image by 90 degrees.
 *
 * @throws DigitImageError when the header cannot be read: the file is corrupt or truncated.
 */
export function declaredSize(
  file: string,
  format: ImageFormat,
  bytes: Uint8Array,
): { width: number; height: number } {
  const name = FORMAT_NAMES[format];
  let size: { width?: number; height?: number };
  try {
    size = HEADER_READERS[format].calculate(bytes);
  } catch (error) {
    throw corrupt(file, format, `its header cannot be read: ${(error as Error).message}`, error);
  }
  const { width, height } = size;
  if (
    width === undefined ||
    height === undefined ||
    !Number.isSafeInteger(width) ||
    !Number.isSafeInteger(height)
  ) {
    throw corrupt(file, format, `its header declares no ${name} size`);
  }
  const shown = { width: Math.abs(width), height: Math.abs(height) };
  return swapsSides(exifOrientation(format, bytes))
    ? { width: shown.height, height: shown.width }
    : shown;
}

/**
 * Decodes `bytes` of a known format to 8-bit RGBA, all in JavaScript or WebAssembly: PNG (any
 * colour type and depth, by pngjs), baseline and progressive JPEG (jpeg-js, bounded, see
 * `decodeJpeg`), WebP (libwebp in WebAssembly), BMP (see `decodeBmp`; alpha ignored as most writers
 * leave it 0) and GIF (its first frame alone, see `decodeGif`; transparent pixels have alpha 0).
 * The image is turned upright as its EXIF orientation says (JPEG, PNG, WebP).
 *
 * Call it only once the declared size is checked: decoding takes memory in proportion to it.
 *
 * @throws DigitImageError naming the file when the data is corrupt or truncated, of a kind no
 *   decoder here reads (a BMP of 0, 2, 7 or 64 bits; a lossless JPEG), or a JPEG whose decoding
 *   would take more memory than `maxPixels` allows.
 */
export async function decodeImage(
  file: string,
  format: ImageFormat,
  bytes: Buffer,
  maxPixels: number,
): Promise<RgbaImage> {
  try {
    const decoded = await decoders[format](bytes, maxPixels, file);
    if (decoded.data.length !== decoded.width * decoded.height * 4) {
      throw new Error(
        `decoded ${decoded.data.length} bytes for ${decoded.width}x${decoded.height}`,
      );
    }
    return { format, ...applyOrientation(decoded, exifOrientation(format, bytes)) };
  } catch (error) {
    if (error instanceof DigitImageError) throw error;
    throw corrupt(file, format, (error as Error).message, error);
  }
}

type Decoded = Omit<RgbaImage, 'format'>;

const decoders: Record<
  ImageFormat,
  (bytes: Buffer, maxPixels: number, file: string) => Promise<Decoded>
> = {
  async png(bytes) {
    const { data, width, height } = PNG.sync.read(bytes);
    return { data, width, height };
  },
  async jpeg(bytes, maxPixels, file) {
    return decodeJpeg(file, bytes, maxPixels);
  },
  async webp(bytes) {
    const decodeWebp = await webpReady();
    // libwebp reads an ArrayBuffer; copy the file's bytes out of Node's shared pool.
    const copy = new Uint8Array(bytes).buffer;
    const { data, width, height } = await decodeWebp(copy);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height };
  },
  async bmp(bytes, maxPixels, file) {
    return decodeBmp(file, bytes, maxPixels);
  },
  async gif(bytes) {
    return decodeGif(bytes);
  },
};

/** libwebp's decoder, as `@jsquash/webp/decode.js` exports it. */
type WebpDecode = typeof import('@jsquash/webp/decode.js')['default'];

let webpInit: Promise<WebpDecode> | undefined;

/**
 * Loads libwebp's decoder, once: the ES module by a dynamic import (the package is ESM only, and
 * the CLI is CommonJS), its `.wasm` file from disk, since in Node there is no URL to fetch it from.
 */
function webpReady(): Promise<WebpDecode> {
  webpInit ??= (async () => {
    const { default: decode, init } = await import('@jsquash/webp/decode.js');
    const wasm = createRequire(import.meta.url).resolve('@jsquash/webp/codec/dec/webp_dec.wasm');
    const module = await WebAssembly.compile(await readFile(wasm));
    // The JavaScript takes a compiled module first; its type declarations miss that overload.
    await (init as unknown as (module: WebAssembly.Module) => Promise<void>)(module);
    return decode;
  })();
  return webpInit;
}

function corrupt(file: string, format: ImageFormat, reason: string, cause?: unknown) {
  const name = FORMAT_NAMES[format];
  return new DigitImageError(
    file,
    `${file} is a corrupt ${name} (${reason}); export the image again (${SUPPORTED_FORMATS}).`,
    { cause },
  );
}
