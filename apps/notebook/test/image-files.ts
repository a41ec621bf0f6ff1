import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import encodeWebp, { init as initWebpEncoder } from '@jsquash/webp/encode.js';
import { encode as encodeBmp } from 'bmp-ts';
import { encode as encodeJpeg } from 'jpeg-js';
import { GifWriter } from 'omggif';
import { PNG } from 'pngjs';
import type { ImageFormat } from '../src/image-decode';

/** An 8-bit RGBA image, `width * height * 4` bytes, row by row. */
export interface Rgba {
  data: Uint8Array;
  width: number;
  height: number;
}

/** A `width x height` RGBA image, opaque, filled with gray `value`. */
export function filled(width: number, height: number, value: number): Rgba {
  const data = new Uint8Array(width * height * 4).fill(value);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { data, width, height };
}

/**
 * Draws a 28x28 MNIST digit (white ink on black, one byte per pixel) into `image`: the digit's ink
 * box scaled to `width x height` pixels at `x, y` (nearest neighbour), as ink of `ink` on the
 * image's background: each pixel mixes its colour toward `ink` by the digit's value.
 */
export function drawDigit(
  image: Rgba,
  digit: Uint8Array,
  {
    x,
    y,
    width,
    height,
    ink = 255,
  }: { x: number; y: number; width: number; height: number; ink?: number },
): Rgba {
  const box = inkBox(digit);
  for (let dy = 0; dy < height; dy++) {
    for (let dx = 0; dx < width; dx++) {
      const sx = box.x + Math.floor((dx * box.width) / width);
      const sy = box.y + Math.floor((dy * box.height) / height);
      const v = digit[sy * 28 + sx]! / 255;
      const at = 4 * ((y + dy) * image.width + (x + dx));
      for (let c = 0; c < 3; c++) {
        image.data[at + c] = Math.round(image.data[at + c]! * (1 - v) + ink * v);
      }
    }
  }
  return image;
}

/** The smallest box holding every nonzero pixel of a 28x28 digit. */
export function inkBox(digit: Uint8Array) {
  let [left, top, right, bottom] = [28, 28, -1, -1];
  digit.forEach((v, i) => {
    if (v === 0) return;
    const [x, y] = [i % 28, Math.floor(i / 28)];
    [left, top] = [Math.min(left, x), Math.min(top, y)];
    [right, bottom] = [Math.max(right, x), Math.max(bottom, y)];
  });
  return { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

/** A 28x28 gray digit as opaque RGBA. */
export function grayToRgba(gray: Uint8Array, width = 28, height = 28): Rgba {
  const data = new Uint8Array(width * height * 4);
  gray.forEach((v, i) => {
    data.set([v, v, v, 255], 4 * i);
  });
  return { data, width, height };
}

let webpEncoder: Promise<void> | undefined;

/** Encodes `image` in `format`: PNG (RGB), JPEG (quality 95), WebP (lossy, quality 90), BMP (24-bit), GIF (gray palette). */
export async function encodeImage(format: ImageFormat, image: Rgba): Promise<Uint8Array> {
  const { data, width, height } = image;
  switch (format) {
    case 'png': {
      const png = new PNG({ width, height });
      png.data.set(data);
      return PNG.sync.write(png, { colorType: 2, inputHasAlpha: true });
    }
    case 'jpeg':
      return encodeJpeg({ data, width, height }, 95).data;
    case 'webp': {
      webpEncoder ??= (async () => {
        const wasm = createRequire(import.meta.url).resolve(
          '@jsquash/webp/codec/enc/webp_enc_simd.wasm',
        );
        const module = await WebAssembly.compile(await readFile(wasm));
        await (initWebpEncoder as unknown as (module: WebAssembly.Module) => Promise<void>)(module);
      })();
      await webpEncoder;
      const rgba = new Uint8ClampedArray(data);
      return new Uint8Array(
        await encodeWebp({ data: rgba, width, height, colorSpace: 'srgb' }, { quality: 90 }),
      );
    }
    case 'bmp': {
      // bmp-ts takes ABGR.
      const abgr = Buffer.alloc(data.length);
      for (let i = 0; i < data.length; i += 4) {
        abgr.set([data[i + 3]!, data[i + 2]!, data[i + 1]!, data[i]!], i);
      }
      return encodeBmp({ data: abgr, width, height }).data;
    }
    case 'gif': {
      const palette = Array.from({ length: 256 }, (_, v) => (v << 16) | (v << 8) | v);
      const indices = new Uint8Array(width * height);
      for (let i = 0; i < indices.length; i++) {
        const [r, g, b] = [data[4 * i]!, data[4 * i + 1]!, data[4 * i + 2]!];
        indices[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
      }
      const out = new Uint8Array(width * height * 2 + 2048);
      const writer = new GifWriter(out, width, height, { palette });
      writer.addFrame(0, 0, width, height, Array.from(indices));
      return out.subarray(0, writer.end());
    }
  }
}
