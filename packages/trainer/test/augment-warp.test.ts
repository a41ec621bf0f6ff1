import { prng } from '@mnist-wasm/test-utils';
import { describe, expect, it } from 'vitest';
import { type AffineTransform, createWarpScratch, warpImage } from '../src/augment-warp';

/** The plain reference: per pixel, the forward transform inverted, bilinear, 0 outside. */
function referenceWarp(
  source: Float32Array,
  height: number,
  width: number,
  t: AffineTransform,
): Float64Array {
  const theta = (t.rotation * Math.PI) / 180;
  const k = Math.tan((t.shear * Math.PI) / 180);
  // Forward A = R(theta) * [[1, k], [0, 1]] * scale; invert it numerically.
  const [cos, sin] = [Math.cos(theta), Math.sin(theta)];
  const a11 = cos * t.scale;
  const a12 = (cos * k - sin) * t.scale;
  const a21 = sin * t.scale;
  const a22 = (sin * k + cos) * t.scale;
  const det = a11 * a22 - a12 * a21;
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const pixel = (x: number, y: number) =>
    x >= 0 && x < width && y >= 0 && y < height ? source[y * width + x]! : 0;
  const out = new Float64Array(height * width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x - cx - t.shiftX;
      const v = y - cy - t.shiftY;
      const sx = cx + (a22 * u - a12 * v) / det;
      const sy = cy + (-a21 * u + a11 * v) / det;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      out[y * width + x] =
        (1 - fy) * ((1 - fx) * pixel(x0, y0) + fx * pixel(x0 + 1, y0)) +
        fy * ((1 - fx) * pixel(x0, y0 + 1) + fx * pixel(x0 + 1, y0 + 1));
    }
  }
  return out;
}

/** A sparse random image: mostly zeros, a blob of ink, values in [0, 1]. */
function randomImage(height: number, width: number, random: () => number): Float32Array {
  const image = new Float32Array(height * width);
  const [x0, x1] = [Math.floor(random() * width), Math.floor(random() * width)].sort(
    (p, q) => p - q,
  );
  const [y0, y1] = [Math.floor(random() * height), Math.floor(random() * height)].sort(
    (p, q) => p - q,
  );
  for (let y = y0!; y <= y1!; y++) {
    for (let x = x0!; x <= x1!; x++) if (random() < 0.6) image[y * width + x] = random();
  }
  return image;
}

const identity: AffineTransform = { rotation: 0, scale: 1, shear: 0, shiftX: 0, shiftY: 0 };

describe('warpImage', () => {
  it('returns the input exactly for the identity transform', () => {
    const random = prng(1);
    for (const [h, w] of [
      [28, 28],
      [8, 8],
      [5, 13],
      [1, 1],
    ] as const) {
      const image = randomImage(h, w, random);
      image[0] = 0.75; // ink in a corner too
      image[h * w - 1] = 0.5;
      const out = new Float32Array(h * w);
      warpImage(image, out, h, w, identity);
      expect(out).toEqual(image);
    }
  });

  it('moves pixels exactly for integer shifts, zero filled', () => {
    const random = prng(2);
    const [h, w] = [9, 12];
    const image = new Float32Array(h * w).map(() => random());
    for (const [dx, dy] of [
      [2, 0],
      [0, -3],
      [-1, 4],
      [11, 8],
      [12, 0],
    ] as const) {
      const out = new Float32Array(h * w);
      warpImage(image, out, h, w, { ...identity, shiftX: dx, shiftY: dy });
      const expected = new Float32Array(h * w);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const [sx, sy] = [x - dx, y - dy];
          if (sx >= 0 && sx < w && sy >= 0 && sy < h) expected[y * w + x] = image[sy * w + sx]!;
        }
      }
      expect(out).toEqual(expected);
    }
  });

  it('rotates a square image by 90 degrees as a transposition does (clockwise)', () => {
    const random = prng(3);
    for (const n of [28, 7, 6]) {
      const image = new Float32Array(n * n).map(() => random());
      const out = new Float32Array(n * n);
      warpImage(image, out, n, n, { ...identity, rotation: 90 });
      // Clockwise: transpose, then reverse each row.
      for (let y = 0; y < n; y++) {
        for (let x = 0; x < n; x++) {
          expect(out[y * n + x]).toBeCloseTo(image[(n - 1 - x) * n + y]!, 5);
        }
      }
      warpImage(image, out, n, n, { ...identity, rotation: -90 });
      for (let y = 0; y < n; y++) {
        for (let x = 0; x < n; x++) {
          expect(out[y * n + x]).toBeCloseTo(image[x * n + (n - 1 - y)]!, 5);
        }
      }
    }
  });

  it('matches the per-pixel reference for random transforms, sizes and sparse images', () => {
    const random = prng(4);
    const scratch = createWarpScratch();
    let worst = 0;
    for (let trial = 0; trial < 300; trial++) {
      const h = 1 + Math.floor(random() * 30);
      const w = 1 + Math.floor(random() * 30);
      const image = random() < 0.1 ? new Float32Array(h * w) : randomImage(h, w, random);
      const t: AffineTransform = {
        rotation: (random() * 2 - 1) * 180,
        scale: 0.3 + random() * 2,
        shear: (random() * 2 - 1) * 50,
        shiftX: (random() * 2 - 1) * w,
        shiftY: (random() * 2 - 1) * h,
      };
      if (trial % 7 === 0) t.rotation = 0;
      if (trial % 11 === 0) t.rotation = 90;
      const out = new Float32Array(h * w);
      warpImage(image, out, h, w, t, scratch);
      const expected = referenceWarp(image, h, w, t);
      for (let i = 0; i < h * w; i++) worst = Math.max(worst, Math.abs(out[i]! - expected[i]!));
    }
    expect(worst).toBeLessThan(1e-5);
  });
});
