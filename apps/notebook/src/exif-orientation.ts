/**
 * EXIF orientation (TIFF tag 0x0112), 1 to 8: how the stored pixels are turned to be shown upright.
 * 1 as stored; 2 mirrored left to right; 3 turned 180 degrees; 4 mirrored top to bottom; 5 mirrored
 * along the main diagonal (transposed); 6 turned 90 degrees clockwise; 7 mirrored along the other
 * diagonal; 8 turned 90 degrees counter-clockwise. Phones store photos as the sensor read them and
 * say how to turn them with this tag.
 */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** The formats an orientation is read from; others (BMP, GIF) have no EXIF. */
type ExifFormat = 'jpeg' | 'png' | 'webp' | 'bmp' | 'gif';

const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"

/**
 * The EXIF orientation of an image file: from a JPEG's APP1 `Exif` segment, a PNG's `eXIf` chunk
 * or a WebP's `EXIF` chunk. Only headers are walked, by their lengths, each within the file.
 *
 * @returns 1 when the file has no EXIF block, no orientation tag, or a damaged one: a bad EXIF
 *   block never makes a decodable image fail.
 */
export function exifOrientation(format: ExifFormat, bytes: Uint8Array): Orientation {
  try {
    const tiff =
      format === 'jpeg'
        ? jpegExif(bytes)
        : format === 'png'
          ? pngExif(bytes)
          : format === 'webp'
            ? webpExif(bytes)
            : undefined;
    return tiff === undefined ? 1 : tiffOrientation(tiff);
  } catch {
    return 1;
  }
}

const startsWith = (bytes: Uint8Array, prefix: number[]) =>
  prefix.every((byte, i) => bytes[i] === byte);

/** The TIFF block of a JPEG's first APP1 `Exif` segment, found before the first scan. */
function jpegExif(bytes: Uint8Array): Uint8Array | undefined {
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return undefined;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const segment = bytes.subarray(at + 4, at + 2 + length);
    if (marker === 0xe1 && startsWith(segment, EXIF_HEADER)) return segment.subarray(6);
    at += 2 + Math.max(length, 2);
  }
  return undefined;
}

/** The data of a PNG's `eXIf` chunk (a TIFF block). */
function pngExif(bytes: Uint8Array): Uint8Array | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  while (at + 8 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type === 'eXIf') return bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IEND') return undefined;
    at += 12 + length;
  }
  return undefined;
}

/** The data of a WebP's `EXIF` chunk, without the `Exif\0\0` some writers put first. */
function webpExif(bytes: Uint8Array): Uint8Array | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 12;
  while (at + 8 <= bytes.length) {
    const type = String.fromCharCode(...bytes.subarray(at, at + 4));
    const length = view.getUint32(at + 4, true);
    if (type === 'EXIF') {
      const data = bytes.subarray(at + 8, at + 8 + length);
      return startsWith(data, EXIF_HEADER) ? data.subarray(6) : data;
    }
    at += 8 + length + (length % 2);
  }
  return undefined;
}

/** Tag 0x0112 of a TIFF block's first IFD, or 1; throws (a RangeError) when the block is cut short. */
function tiffOrientation(tiff: Uint8Array): Orientation {
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const order = String.fromCharCode(tiff[0]!, tiff[1]!);
  if (order !== 'II' && order !== 'MM') return 1;
  const little = order === 'II';
  if (view.getUint16(2, little) !== 42) return 1;
  const ifd = view.getUint32(4, little);
  const entries = view.getUint16(ifd, little);
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + 12 * i;
    if (view.getUint16(entry, little) !== 0x0112) continue;
    // A SHORT, stored in the first two bytes of the value field.
    if (view.getUint16(entry + 2, little) !== 3) return 1;
    const value = view.getUint16(entry + 8, little);
    return value >= 1 && value <= 8 ? (value as Orientation) : 1;
  }
  return 1;
}

/** Whether an orientation swaps width and height (5 to 8: turned or mirrored by 90 degrees). */
export function swapsSides(orientation: Orientation): boolean {
  return orientation >= 5;
}

type Placement = (w: number, h: number) => [number, number, number, number, number, number];

/** Per orientation, the coefficients `[a, b, c, d, e, f]` of where a stored pixel is shown. */
const PLACEMENT: Record<Orientation, Placement> = {
  1: () => [0, 1, 0, 0, 0, 1],
  2: (w) => [w - 1, -1, 0, 0, 0, 1],
  3: (w, h) => [w - 1, -1, 0, h - 1, 0, -1],
  4: (_, h) => [0, 1, 0, h - 1, 0, -1],
  5: () => [0, 0, 1, 0, 1, 0],
  6: (_, h) => [h - 1, 0, -1, 0, 1, 0],
  7: (w, h) => [h - 1, 0, -1, w - 1, -1, 0],
  8: (w) => [0, 0, 1, w - 1, -1, 0],
};

/**
 * The RGBA image shown upright: `image` turned and mirrored as `orientation` says. Orientations 5
 * to 8 give a `height x width` image.
 */
export function applyOrientation(
  image: { data: Uint8Array; width: number; height: number },
  orientation: Orientation,
): { data: Uint8Array; width: number; height: number } {
  if (orientation === 1) return image;
  const { data, width: w, height: h } = image;
  const swap = swapsSides(orientation);
  const outWidth = swap ? h : w;
  const out = new Uint8Array(data.length);
  // Where the stored pixel (x, y) is shown: column u = a + b x + c y, row v = d + e x + f y.
  const [a, b, c, d, e, f] = PLACEMENT[orientation](w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const from = 4 * (y * w + x);
      const to = 4 * ((d + e * x + f * y) * outWidth + (a + b * x + c * y));
      out[to] = data[from]!;
      out[to + 1] = data[from + 1]!;
      out[to + 2] = data[from + 2]!;
      out[to + 3] = data[from + 3]!;
    }
  }
  return { data: out, width: outWidth, height: swap ? w : h };
}
