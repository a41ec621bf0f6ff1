import {
  animatedWebp,
  animChunk,
  anmfChunk,
  STILL_WEBP,
  vp8xChunk,
  webpChunk,
  webpRiff,
} from '@mnist-wasm/test-utils';
import { describe, expect, it } from 'vitest';
import { isAnimatedWebp } from '../src/webp-animation';

describe('isAnimatedWebp', () => {
  const vp8l = STILL_WEBP.subarray(12);

  it('is false for a still WebP, simple or extended', () => {
    expect(isAnimatedWebp(STILL_WEBP)).toBe(false);
    expect(isAnimatedWebp(webpRiff(vp8xChunk(0x10), vp8l))).toBe(false);
  });

  it('is true for an animation: the VP8X flag, or ANIM and ANMF chunks', () => {
    expect(isAnimatedWebp(animatedWebp(2))).toBe(true);
    // Without the flag (a careless writer), the ANIM chunk alone tells it.
    expect(isAnimatedWebp(webpRiff(vp8xChunk(0), animChunk(), anmfChunk(vp8l)))).toBe(true);
    expect(isAnimatedWebp(webpRiff(animChunk(), anmfChunk(vp8l)))).toBe(true);
  });

  it('is false for a truncated file, without reading past its end', () => {
    expect(isAnimatedWebp(STILL_WEBP.subarray(0, 14))).toBe(false);
    expect(isAnimatedWebp(webpRiff(webpChunk('XMP ', Buffer.alloc(5))).subarray(0, 20))).toBe(
      false,
    );
  });
});
