import { describe, expect, it } from 'vitest';
import {
  decodeJpeg,
  jpegMemoryBudget,
  jpegMemoryEstimate,
  readJpegFrame,
} from '../src/decode-jpeg';
import { DigitImageError } from '../src/errors';
import { decodeImage } from '../src/image-decode';
import { encodeImage, filled } from './image-files';

/** A frame (SOF) segment: `width x height`, one `[h, v]` sampling pair per component. */
function sof(width: number, height: number, sampling: [number, number][], marker = 0xc0): Buffer {
  const segment = Buffer.alloc(2 + 2 + 6 + 3 * sampling.length);
  segment.set([0xff, marker], 0);
  segment.writeUInt16BE(segment.length - 2, 2);
  segment[4] = 8;
  segment.writeUInt16BE(height, 5);
  segment.writeUInt16BE(width, 7);
  segment[9] = sampling.length;
  sampling.forEach(([h, v], i) => {
    segment.set([i + 1, (h << 4) | v, 0], 10 + 3 * i);
  });
  return segment;
}

/** SOI, the segments, EOI: markers alone, nothing to decode. */
const jpeg = (...segments: Buffer[]) =>
  Buffer.concat([Buffer.from([0xff, 0xd8]), ...segments, Buffer.from([0xff, 0xd9])]);

const ycc: [number, number][] = [
  [1, 1],
  [1, 1],
  [1, 1],
];

describe('readJpegFrame', () => {
  it('reads the one frame of a JPEG, past its scans', async () => {
    const bytes = Buffer.from(await encodeImage('jpeg', filled(40, 30, 128)));
    const full = { h: 1, v: 1 };
    expect(readJpegFrame(bytes)).toEqual({
      marker: 0xc0,
      width: 40,
      height: 30,
      components: [full, full, full],
    });
  });

  it('refuses a second frame, however many follow', () => {
    const frames = Array.from({ length: 40 }, () => sof(4096, 4096, ycc));
    expect(() => readJpegFrame(jpeg(...frames))).toThrow('more than one frame');
  });

  it('refuses a frame after a scan (a second frame hidden behind entropy-coded data)', async () => {
    const one = Buffer.from(await encodeImage('jpeg', filled(16, 16, 0)));
    const two = Buffer.concat([one.subarray(0, -2), sof(4096, 4096, ycc), one.subarray(-2)]);
    expect(() => readJpegFrame(two)).toThrow('more than one frame');
  });

  it.each([0, 2, 5, 255])('refuses %i components', (count) => {
    const sampling = Array.from({ length: count }, (): [number, number] => [1, 1]);
    expect(() => readJpegFrame(jpeg(sof(1000, 1000, sampling)))).toThrow(
      `declares ${count} colour components; a JPEG image has 1 (gray), 3 (colour) or 4 (CMYK)`,
    );
  });

  it('refuses sampling factors outside 1 to 4, and segments past the end', () => {
    expect(() => readJpegFrame(jpeg(sof(8, 8, [[0, 1]])))).toThrow('sampling factors 0x1');
    expect(() => readJpegFrame(jpeg(sof(8, 8, [[5, 1]])))).toThrow('sampling factors 5x1');
    expect(() => readJpegFrame(jpeg(sof(8, 8, ycc)).subarray(0, 12))).toThrow(
      'runs past the end of the file',
    );
    expect(() => readJpegFrame(jpeg())).toThrow('declares no frame');
  });
});

describe('jpegMemoryEstimate', () => {
  it('counts every block jpeg-js allocates, padding to whole MCUs included', () => {
    // 4:2:0: a 16x16 MCU; 17x17 pixels take 2x2 MCUs, so 4x4 luma blocks and 2x2 per chroma.
    const frame = {
      width: 17,
      height: 17,
      components: [
        [2, 2],
        [1, 1],
        [1, 1],
      ].map(([h, v]) => ({ h: h!, v: v! })),
    };
    const blocks = 16 + 4 + 4;
    expect(jpegMemoryEstimate(frame)).toBeGreaterThan(blocks * 256 * 2.5);
  });

  it('makes a thin image cost what its lines cost, not its pixels', () => {
    const full = { h: 1, v: 1 };
    const thin = jpegMemoryEstimate({ width: 1, height: 1_000_000, components: [full] });
    expect(thin).toBeGreaterThan(jpegMemoryBudget(1_000_000));
  });
});

describe('decodeJpeg', () => {
  it('decodes an ordinary JPEG within the limit', async () => {
    const bytes = Buffer.from(await encodeImage('jpeg', filled(40, 30, 200)));
    const { data, width, height } = decodeJpeg('x.jpg', bytes, 1e6);
    expect([width, height, data.length]).toEqual([40, 30, 40 * 30 * 4]);
  });

  it('refuses a frame that would take more memory than --max-pixels allows, before decoding', () => {
    // 4096x4096 is within the default pixel limit, but 4:4:4 colour takes more than 4:2:0.
    const bytes = jpeg(sof(4096, 4096, ycc));
    expect(() => decodeJpeg('big.jpg', bytes, 4096 * 4096)).toThrow(
      /^big\.jpg is a 4096x4096 JPEG of 3 components \(sampling 1x1, 1x1, 1x1\) that takes about \d+ MB to decode, more than the \d+ MB that --max-pixels 16777216 allows/,
    );
  });

  it('names a lossless or arithmetic-coded JPEG unsupported', async () => {
    for (const marker of [0xc3, 0xc9]) {
      const error = await decodeImage('odd.jpg', 'jpeg', jpeg(sof(8, 8, ycc, marker)), 1e6).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DigitImageError);
      expect((error as Error).message).toMatch(
        /^odd\.jpg is an unsupported JPEG \((lossless|arithmetic)/,
      );
    }
  });

  it('names a JPEG of 255 components corrupt, even under a small pixel limit', async () => {
    const sampling = Array.from({ length: 255 }, (): [number, number] => [1, 1]);
    const error = await decodeImage('many.jpg', 'jpeg', jpeg(sof(1000, 1000, sampling)), 1e6).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DigitImageError);
    expect((error as Error).message).toMatch(
      /^many\.jpg is a corrupt JPEG \(its frame declares 255/,
    );
  });
});
