import {
  jpegWithExif,
  pngWithExif,
  storedFor,
  tiffWithOrientation,
  vp8xChunk,
  webpChunk,
  webpRiff,
} from '@mnist-wasm/test-utils';
import { describe, expect, it } from 'vitest';
import { applyOrientation, exifOrientation, type Orientation } from '../src/exif-orientation';
import { declaredSize, decodeImage } from '../src/image-decode';
import { encodeImage, filled } from './image-files';

const ORIENTATIONS: Orientation[] = [1, 2, 3, 4, 5, 6, 7, 8];

/** A `width x height` image whose pixel (x, y) has red x, green y: where each pixel went shows. */
function coordinates(width: number, height: number) {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([x, y, 0, 255], 4 * (y * width + x));
  }
  return { data, width, height };
}

/** The red and green of each pixel, row by row: `x,y` of where it was stored. */
const places = (image: { data: Uint8Array; width: number; height: number }) =>
  Array.from({ length: image.height }, (_, y) =>
    Array.from({ length: image.width }, (_, x) => {
      const at = 4 * (y * image.width + x);
      return `${image.data[at]},${image.data[at + 1]}`;
    }).join(' '),
  );

describe('applyOrientation', () => {
  it('turns and mirrors a 3x2 image as the EXIF standard says', () => {
    const stored = coordinates(3, 2); // rows "0,0 1,0 2,0" and "0,1 1,1 2,1"
    const shown = (o: Orientation) => places(applyOrientation(stored, o));
    expect(shown(1)).toEqual(['0,0 1,0 2,0', '0,1 1,1 2,1']);
    expect(shown(2)).toEqual(['2,0 1,0 0,0', '2,1 1,1 0,1']);
    expect(shown(3)).toEqual(['2,1 1,1 0,1', '2,0 1,0 0,0']);
    expect(shown(4)).toEqual(['0,1 1,1 2,1', '0,0 1,0 2,0']);
    expect(shown(5)).toEqual(['0,0 0,1', '1,0 1,1', '2,0 2,1']);
    // 6: the camera was turned clockwise; the stored top row is shown as the right column.
    expect(shown(6)).toEqual(['0,1 0,0', '1,1 1,0', '2,1 2,0']);
    expect(shown(7)).toEqual(['2,1 2,0', '1,1 1,0', '0,1 0,0']);
    expect(shown(8)).toEqual(['2,0 2,1', '1,0 1,1', '0,0 0,1']);
  });

  it.each(ORIENTATIONS)('shows upright what a camera stored with orientation %i', (o) => {
    const upright = coordinates(5, 3);
    expect(places(applyOrientation(storedFor(upright, o), o))).toEqual(places(upright));
  });
});

describe('exifOrientation', () => {
  it('reads the tag from a JPEG APP1 segment and a PNG eXIf chunk, either byte order', async () => {
    const jpeg = await encodeImage('jpeg', filled(8, 8, 0));
    const png = await encodeImage('png', filled(8, 8, 0));
    for (const o of ORIENTATIONS) {
      expect(exifOrientation('jpeg', jpegWithExif(jpeg, tiffWithOrientation(o)))).toBe(o);
      expect(exifOrientation('png', pngWithExif(png, tiffWithOrientation(o, true)))).toBe(o);
    }
    expect(exifOrientation('jpeg', jpeg)).toBe(1);
    expect(exifOrientation('png', png)).toBe(1);
  });

  it('reads the tag from a WebP EXIF chunk after the image data, with or without "Exif\\0\\0"', () => {
    for (const prefix of [Buffer.alloc(0), Buffer.from('Exif\0\0', 'latin1')]) {
      const webp = webpRiff(
        vp8xChunk(0),
        webpChunk('VP8 ', Buffer.alloc(15)), // odd: padded
        webpChunk('EXIF', Buffer.concat([prefix, tiffWithOrientation(8, true)])),
      );
      expect(exifOrientation('webp', webp)).toBe(8);
    }
  });

  it('takes a damaged EXIF block as upright, and the image still decodes', async () => {
    const jpeg = await encodeImage('jpeg', filled(8, 4, 0));
    const good = tiffWithOrientation(6);
    const damaged = [
      good.subarray(0, 12), // cut within the IFD
      Buffer.concat([good.subarray(0, 4), Buffer.from([0xff, 0xff, 0xff, 0xff])]), // IFD past the end
      Buffer.from('not a TIFF block at all'),
      tiffWithOrientation(9), // no such orientation
    ];
    for (const tiff of damaged) {
      const bytes = jpegWithExif(jpeg, tiff);
      expect(exifOrientation('jpeg', bytes)).toBe(1);
      expect(declaredSize('x.jpg', 'jpeg', bytes)).toEqual({ width: 8, height: 4 });
      await expect(decodeImage('x.jpg', 'jpeg', bytes, 1e6)).resolves.toMatchObject({
        width: 8,
        height: 4,
      });
    }
  });

  it('swaps the declared sides with the decoded ones when the tag turns by 90 degrees', async () => {
    const bytes = jpegWithExif(await encodeImage('jpeg', filled(8, 4, 0)), tiffWithOrientation(6));
    expect(declaredSize('x.jpg', 'jpeg', bytes)).toEqual({ width: 4, height: 8 });
    await expect(decodeImage('x.jpg', 'jpeg', bytes, 1e6)).resolves.toMatchObject({
      width: 4,
      height: 8,
    });
  });
});
