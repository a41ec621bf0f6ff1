// EXIF orientation blocks put into JPEG and PNG files, as a phone camera writes them: the pixels as
// the sensor read them, and a tag saying how to turn them upright.
import { crc32 } from 'node:zlib';

/** A TIFF block whose first IFD holds one entry: orientation (0x0112, SHORT) = `orientation`. */
export function tiffWithOrientation(orientation: number, littleEndian = false): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  const u16 = (value: number, at: number) =>
    littleEndian ? tiff.writeUInt16LE(value, at) : tiff.writeUInt16BE(value, at);
  const u32 = (value: number, at: number) =>
    littleEndian ? tiff.writeUInt32LE(value, at) : tiff.writeUInt32BE(value, at);
  tiff.write(littleEndian ? 'II' : 'MM', 0, 'latin1');
  u16(42, 2);
  u32(8, 4); // the first IFD
  u16(1, 8); // one entry
  u16(0x0112, 10);
  u16(3, 12); // SHORT
  u32(1, 14); // one value
  u16(orientation, 18);
  u32(0, 22); // no next IFD
  return tiff;
}

/** `jpeg` with an APP1 `Exif` segment holding `tiff` right after its SOI marker. */
export function jpegWithExif(jpeg: Uint8Array, tiff: Uint8Array): Buffer {
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), head, payload, jpeg.subarray(2)]);
}

/** `png` with an `eXIf` chunk holding `tiff` right after its IHDR chunk. */
export function pngWithExif(png: Uint8Array, tiff: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(tiff.length, 0);
  head.write('eXIf', 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), tiff])), 0);
  const ihdrEnd = 8 + 8 + 13 + 4;
  return Buffer.concat([png.subarray(0, ihdrEnd), head, tiff, crc, png.subarray(ihdrEnd)]);
}

/**
 * `image` (RGBA) stored so that turning it as `orientation` says shows it as it is: what a camera
 * held that way writes. Orientations 6 and 8 undo each other; the others undo themselves.
 */
export function storedFor(
  image: { data: Uint8Array; width: number; height: number },
  orientation: number,
): { data: Uint8Array; width: number; height: number } {
  const inverse = orientation === 6 ? 8 : orientation === 8 ? 6 : orientation;
  const { data, width: w, height: h } = image;
  const swap = inverse >= 5;
  const outWidth = swap ? h : w;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Where the pixel (x, y) goes when turned as `inverse` says (see the EXIF standard).
      const [u, v] = (
        {
          1: [x, y],
          2: [w - 1 - x, y],
          3: [w - 1 - x, h - 1 - y],
          4: [x, h - 1 - y],
          5: [y, x],
          6: [h - 1 - y, x],
          7: [h - 1 - y, w - 1 - x],
          8: [y, w - 1 - x],
        } as Record<number, [number, number]>
      )[inverse]!;
      out.set(data.subarray(4 * (y * w + x), 4 * (y * w + x) + 4), 4 * (v * outWidth + u));
    }
  }
  return { data: out, width: outWidth, height: swap ? w : h };
}
