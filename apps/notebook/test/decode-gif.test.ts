import { GifWriter } from 'omggif';
import { describe, expect, it, vi } from 'vitest';
import { decodeGif, firstGifFrame } from '../src/decode-gif';

/** A 4x3 GIF of a black and white palette: `frames` frames, each of the given indices. */
function gif(frames: number[][], size = { width: 4, height: 3 }): Uint8Array {
  const out = new Uint8Array(1024 + frames.length * 64);
  const writer = new GifWriter(out, size.width, size.height, { palette: [0x000000, 0xffffff] });
  for (const indices of frames) writer.addFrame(0, 0, size.width, size.height, indices);
  return out.slice(0, writer.end());
}

const FIRST = [0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0];
const SECOND = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];

/** The red channel of each pixel: 0 or 255 here. */
const reds = (data: Uint8Array) => Array.from(data.filter((_, i) => i % 4 === 0));

describe('decodeGif', () => {
  it('decodes the first frame onto the screen, whatever follows it', () => {
    const { data, width, height } = decodeGif(gif([FIRST, SECOND]));
    expect({ width, height }).toEqual({ width: 4, height: 3 });
    expect(reds(data)).toEqual(FIRST.map((v) => v * 255));
    expect(data.filter((_, i) => i % 4 === 3).every((alpha) => alpha === 255)).toBe(true);
  });

  it('reads nothing past the first frame, however many frames follow', () => {
    const two = gif([FIRST, SECOND]);
    const many = gif([FIRST, ...Array.from({ length: 5000 }, () => SECOND)]);
    const { gif: cut } = firstGifFrame(many);
    // The one-frame GIF handed to the decoder is the same for 2 frames and for 5,000.
    expect(cut).toEqual(firstGifFrame(two).gif);
    expect(cut.length).toBeLessThan(two.length);
    expect(reds(decodeGif(many).data)).toEqual(FIRST.map((v) => v * 255));
    // Frames after the first may even be damaged: they are never read.
    expect(reds(decodeGif(many.subarray(0, many.length >> 1)).data)).toEqual(
      FIRST.map((v) => v * 255),
    );
  });

  it('refuses a frame whose LZW data fills fewer pixels than it has, printing nothing', () => {
    // A 4x2 frame's data under a descriptor that says 4x3: the stream ends a row early.
    const bytes = gif([FIRST.slice(0, 8)], { width: 4, height: 2 });
    const descriptor = bytes.indexOf(0x2c, 13);
    bytes[8] = 3; // screen height
    bytes[descriptor + 7] = 3; // frame height
    const log = vi.spyOn(console, 'log');
    try {
      expect(() => decodeGif(bytes)).toThrow(
        "its first frame's image data ends before filling its 4x3 pixels",
      );
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });

  it('refuses a file that ends inside the first frame, or before it', () => {
    const bytes = gif([FIRST]);
    const descriptor = bytes.indexOf(0x2c, 13);
    expect(() => decodeGif(bytes.subarray(0, bytes.length - 3))).toThrow(
      `it ends after ${bytes.length - 3} bytes, inside its first frame's image data`,
    );
    expect(() => decodeGif(bytes.subarray(0, descriptor))).toThrow(
      `it ends after ${descriptor} bytes, before any frame`,
    );
    expect(() => decodeGif(bytes.subarray(0, 10))).toThrow(
      'it ends after 10 bytes, inside its header',
    );
  });

  it('refuses a GIF with no frame, an unknown block, or a frame outside the screen', () => {
    const bytes = gif([FIRST]);
    const descriptor = bytes.indexOf(0x2c, 13);
    const noFrame = Uint8Array.from([...bytes.subarray(0, descriptor), 0x3b]);
    expect(() => decodeGif(noFrame)).toThrow('it holds no frame');
    const unknown = bytes.slice();
    unknown[descriptor] = 0x99;
    expect(() => decodeGif(unknown)).toThrow(
      `byte ${descriptor} starts a block of unknown kind 0x99`,
    );
    const outside = bytes.slice();
    outside[descriptor + 1] = 2; // x = 2: columns 2 to 5 of a 4-wide screen
    expect(() => decodeGif(outside)).toThrow(
      'its first frame (4x3 at 2,0) lies outside its 4x3 screen',
    );
  });
});
