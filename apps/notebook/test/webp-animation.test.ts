import { describe, expect, it } from 'vitest';
import { isAnimatedWebp } from '../src/webp-animation';

/** A 1x1 lossless WebP: RIFF header, one VP8L chunk. */
const STILL = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');

/** `RIFF....WEBP` around `chunks`. */
function riff(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WEBP'), ...chunks]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

function chunk(fourcc: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(fourcc, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, Buffer.alloc(data.length & 1)]);
}

/** A VP8X chunk of a 1x1 canvas with the given flags. */
function vp8x(flags: number): Buffer {
  const data = Buffer.alloc(10);
  data[0] = flags;
  return chunk('VP8X', data);
}

/** An ANMF chunk: a 1x1 frame at 0,0 of 100 ms holding `frame`'s chunks. */
function anmf(frame: Buffer): Buffer {
  const head = Buffer.alloc(16);
  head.writeUIntLE(100, 12, 3);
  return chunk('ANMF', Buffer.concat([head, frame]));
}

describe('isAnimatedWebp', () => {
  const vp8l = STILL.subarray(12);

  it('is false for a still WebP, simple or extended', () => {
    expect(isAnimatedWebp(STILL)).toBe(false);
    expect(isAnimatedWebp(riff(vp8x(0x10), vp8l))).toBe(false);
  });

  it('is true for an animation: the VP8X flag, or ANIM and ANMF chunks', () => {
    const anim = chunk('ANIM', Buffer.alloc(6));
    expect(isAnimatedWebp(riff(vp8x(0x02), anim, anmf(vp8l), anmf(vp8l)))).toBe(true);
    // Without the flag (a careless writer), the ANIM chunk alone tells it.
    expect(isAnimatedWebp(riff(vp8x(0), anim, anmf(vp8l)))).toBe(true);
    expect(isAnimatedWebp(riff(anim, anmf(vp8l)))).toBe(true);
  });

  it('is false for a truncated file, without reading past its end', () => {
    expect(isAnimatedWebp(STILL.subarray(0, 14))).toBe(false);
    expect(isAnimatedWebp(riff(chunk('XMP ', Buffer.alloc(5))).subarray(0, 20))).toBe(false);
  });
});
