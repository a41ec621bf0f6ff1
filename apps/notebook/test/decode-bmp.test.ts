import { type BmpOptions, encodeBmp, quantize } from '@mnist-wasm/test-utils';
import { describe, expect, it } from 'vitest';
import { decodeBmp, readBmpHeader } from '../src/decode-bmp';
import { DigitImageError } from '../src/errors';
import { declaredSize, decodeImage } from '../src/image-decode';

/** 16 colours, none gray, so a channel read from the wrong byte shows. */
const COLOURS: [number, number, number][] = Array.from({ length: 16 }, (_, i) => [
  (i * 16 + 7) % 256,
  (i * 53 + 100) % 256,
  (255 - i * 11) % 256,
]);

/** A 13x7 image (odd width: every row is padded) of the 16 colours in a pattern. */
function pattern(colours = COLOURS) {
  const [width, height] = [13, 7];
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Runs of equal colours (for RLE) next to single pixels.
      const index = x < 5 ? y % colours.length : (x * 3 + y) % colours.length;
      data.set([...colours[index]!, 255], 4 * (y * width + x));
    }
  }
  return { data, width, height };
}

const decode = (bytes: Buffer) => decodeBmp('x.bmp', bytes, 1e6);

describe('decodeBmp', () => {
  const palettes: [string, BmpOptions, [number, number, number][]][] = [
    ['1-bit', { bitDepth: 1, palette: COLOURS.slice(0, 2) }, COLOURS.slice(0, 2)],
    ['4-bit', { bitDepth: 4, palette: COLOURS }, COLOURS],
    ['8-bit', { bitDepth: 8, palette: COLOURS }, COLOURS],
    ['8-bit top-down', { bitDepth: 8, palette: COLOURS, topDown: true }, COLOURS],
    ['RLE8', { bitDepth: 8, compression: 'rle8', palette: COLOURS }, COLOURS],
    ['RLE4', { bitDepth: 4, compression: 'rle4', palette: COLOURS }, COLOURS],
  ];
  it.each(palettes)('reads a %s colour table as RGB, pixel for pixel', (_, options, table) => {
    const image = quantize(pattern(), table);
    const decoded = decode(encodeBmp(image, options));
    expect(decoded).toMatchObject({ width: 13, height: 7 });
    expect(Array.from(decoded.data)).toEqual(Array.from(image.data));
  });

  const trueColour: [string, BmpOptions, number][] = [
    ['24-bit', { bitDepth: 24 }, 0],
    ['24-bit top-down', { bitDepth: 24, topDown: true }, 0],
    ['32-bit', { bitDepth: 32 }, 0],
    ['32-bit bit fields (RGBX)', { bitDepth: 32, compression: 'bitfields' }, 0],
    // 5 or 6 bits a channel, scaled back to 8.
    ['16-bit (5-5-5)', { bitDepth: 16 }, 8],
    ['16-bit bit fields (5-6-5)', { bitDepth: 16, compression: 'bitfields' }, 8],
  ];
  it.each(trueColour)('reads %s', (_, options, tolerance) => {
    const image = pattern();
    const decoded = decode(encodeBmp(image, options));
    for (let i = 0; i < image.data.length; i++) {
      expect(Math.abs(decoded.data[i]! - image.data[i]!), `byte ${i}`).toBeLessThanOrEqual(
        tolerance,
      );
    }
  });

  it('keeps index 0 where RLE8 skips pixels (delta, early end of line)', () => {
    const table = COLOURS.slice(0, 4);
    // 4x2, bottom row first: "2 of 1, end of line", then "delta 2 right, 1 of 3, end of bitmap".
    const raw = Uint8Array.from([2, 1, 0, 0, 0, 2, 2, 0, 1, 3, 0, 1]);
    const bytes = encodeBmp(
      { data: new Uint8Array(32), width: 4, height: 2 },
      {
        bitDepth: 8,
        compression: 'rle8',
        palette: table,
        raw,
      },
    );
    const indices = [0, 0, 3, 0, 1, 1, 0, 0]; // top row, then bottom row
    const expected = indices.flatMap((i) => [...table[i]!, 255]);
    expect(Array.from(decode(bytes).data)).toEqual(expected);
  });

  it('refuses a colour table larger than the bit depth allows, before reading it', () => {
    const image = quantize(pattern(), COLOURS);
    for (const colorsUsed of [257, 0xffffffff, 16_777_216]) {
      const bytes = encodeBmp(image, { bitDepth: 8, palette: COLOURS, colorsUsed });
      expect(() => readBmpHeader(bytes)).toThrow(
        `it declares ${colorsUsed} colours, more than the 256 that 8 bits a pixel can index`,
      );
      expect(() => declaredSize('x.bmp', 'bmp', bytes)).toThrow(DigitImageError);
    }
  });

  it('refuses a colour table that runs past the end of the file', () => {
    const bytes = encodeBmp(quantize(pattern(), COLOURS), { bitDepth: 8, palette: COLOURS });
    // 256 entries declared, 16 written, and the file cut within them.
    bytes.writeUInt32LE(256, 46);
    expect(() => readBmpHeader(bytes.subarray(0, 54 + 16 * 4))).toThrow(
      'colour table of 256 entries runs past the end of the file',
    );
  });

  it.each([0, 2, 7, 64])('names a %i-bit BMP unsupported, not corrupt or blank', async (bits) => {
    const bytes = encodeBmp(pattern(), { bitDepth: bits, raw: new Uint8Array(64) });
    const error = await decodeImage('odd.bmp', 'bmp', bytes, 1e6).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigitImageError);
    expect((error as Error).message).toMatch(
      new RegExp(`^odd\\.bmp is an unsupported BMP \\(${bits}-bit, uncompressed\\); save it as`),
    );
  });

  it('names RLE data that ends before its end-of-bitmap mark corrupt', async () => {
    const whole = encodeBmp(quantize(pattern(), COLOURS), {
      bitDepth: 8,
      compression: 'rle8',
      palette: COLOURS,
    });
    const error = await decodeImage('cut.bmp', 'bmp', whole.subarray(0, whole.length - 20), 1e6)
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^cut\.bmp is a corrupt BMP \(its RLE8 data ends/);
  });

  it('reads an OS/2 core header (12 bytes, 3-byte colour entries)', () => {
    const table = COLOURS.slice(0, 2);
    // 2x1, 1-bit: pixel 0 is entry 1, pixel 1 entry 0.
    const bytes = Buffer.alloc(14 + 12 + 6 + 4);
    bytes.write('BM', 0, 'latin1');
    bytes.writeUInt32LE(14 + 12 + 6, 10);
    bytes.writeUInt32LE(12, 14);
    bytes.writeUInt16LE(2, 18);
    bytes.writeUInt16LE(1, 20);
    bytes.writeUInt16LE(1, 22);
    bytes.writeUInt16LE(1, 24);
    table.forEach(([r, g, b], i) => {
      bytes.set([b, g, r], 26 + 3 * i);
    });
    bytes[32] = 0b1000_0000;
    expect(declaredSize('x.bmp', 'bmp', bytes)).toEqual({ width: 2, height: 1 });
    expect(Array.from(decode(bytes).data)).toEqual([...table[1]!, 255, ...table[0]!, 255]);
  });
});
