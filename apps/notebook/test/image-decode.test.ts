import { describe, expect, it } from 'vitest';
import { DigitImageError } from '../src/errors';
import { declaredSize, decodeImage, detectFormat, type ImageFormat } from '../src/image-decode';
import { encodeImage, filled } from './image-files';

const FORMATS: ImageFormat[] = ['png', 'jpeg', 'webp', 'bmp', 'gif'];

/** A 40x30 image, black but for a white 10x10 square at 20, 10. */
function square() {
  const image = filled(40, 30, 0);
  for (let y = 10; y < 20; y++) {
    for (let x = 20; x < 30; x++) image.data.fill(255, 4 * (y * 40 + x), 4 * (y * 40 + x) + 3);
  }
  return image;
}

describe('image decoding', () => {
  it.each(FORMATS)(
    'tells %s by its first bytes, reads its size, and decodes it',
    async (format) => {
      const bytes = Buffer.from(await encodeImage(format, square()));
      expect(detectFormat(bytes)).toBe(format);
      expect(declaredSize('x', format, bytes)).toEqual({ width: 40, height: 30 });
      const image = await decodeImage('x', format, bytes, 1e6);
      expect(image).toMatchObject({ format, width: 40, height: 30 });
      const at = (x: number, y: number) =>
        Array.from(image.data.subarray(4 * (y * 40 + x), 4 * (y * 40 + x) + 4));
      // Lossy formats come within a few levels; the centre and far corners are unambiguous.
      for (const [x, y, v] of [
        [25, 15, 255],
        [2, 2, 0],
        [37, 27, 0],
      ] as const) {
        const [r, g, b, a] = at(x, y);
        for (const c of [r, g, b]) expect(Math.abs(c! - v)).toBeLessThan(24);
        expect(a).toBe(255);
      }
    },
  );

  it('knows nothing else: text, TIFF, an empty file', () => {
    expect(detectFormat(Buffer.from('not an image\n'))).toBeUndefined();
    expect(detectFormat(Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]))).toBeUndefined();
    expect(detectFormat(new Uint8Array(0))).toBeUndefined();
  });

  it.each(FORMATS)('names a truncated %s as corrupt', async (format) => {
    const whole = Buffer.from(await encodeImage(format, square()));
    // Cut within the pixel data (past every header), then cut within the header.
    for (const length of [Math.floor(whole.length * 0.6), 14]) {
      const bytes = whole.subarray(0, length);
      const error = await (async () => {
        declaredSize('cut.img', format, bytes);
        await decodeImage('cut.img', format, bytes, 1e6);
      })().catch((e: unknown) => e);
      expect(error, `${format} cut to ${length} bytes`).toBeInstanceOf(DigitImageError);
      expect((error as Error).message).toMatch(/^cut\.img is a corrupt (PNG|JPEG|WebP|BMP|GIF) \(/);
    }
  });
});
