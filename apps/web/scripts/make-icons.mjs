#!/usr/bin/env node
// Writes the installed app's icons, public/icons/icon-{192,512}.png: MNIST test digit 0 (a
// handwritten 7), white on the page's accent blue, full bleed. The digit fills the middle of the
// square only, inside the circle a launcher's mask keeps, so the 512 one also serves as the
// maskable icon. Run from apps/web: `node scripts/make-icons.mjs`; the PNGs are committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { PNG } from 'pngjs';

const SIZES = [192, 512];
/** styles.css' `--accent`. */
const BACKGROUND = [0x2f, 0x6f, 0xde];
const INK = [0xff, 0xff, 0xff];
/** The 28x28 image spans this share of the icon; MNIST's digit fills its middle 20x20. */
const IMAGE_SHARE = 0.88;

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');
const { test } = await loadMnist({ trainLimit: 1, testLimit: 1 });
const digit = test.features.subarray(0, 784);

/** The digit's ink at (x, y) in image pixels, bilinear, 0-1; 0 outside the image. */
function inkAt(x, y) {
  const pixel = (px, py) => (px < 0 || py < 0 || px > 27 || py > 27 ? 0 : digit[py * 28 + px]);
  const x0 = Math.floor(x - 0.5);
  const y0 = Math.floor(y - 0.5);
  const fx = x - 0.5 - x0;
  const fy = y - 0.5 - y0;
  const top = pixel(x0, y0) * (1 - fx) + pixel(x0 + 1, y0) * fx;
  const bottom = pixel(x0, y0 + 1) * (1 - fx) + pixel(x0 + 1, y0 + 1) * fx;
  return (top * (1 - fy) + bottom * fy) / 255;
}

mkdirSync(out, { recursive: true });
for (const size of SIZES) {
  const png = new PNG({ width: size, height: size, colorType: 2 });
  const scale = 28 / (size * IMAGE_SHARE);
  const offset = (size * (1 - IMAGE_SHARE)) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const ink = inkAt((x + 0.5 - offset) * scale, (y + 0.5 - offset) * scale);
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) {
        png.data[i + c] = Math.round(BACKGROUND[c] * (1 - ink) + INK[c] * ink);
      }
      png.data[i + 3] = 255;
    }
  }
  const file = join(out, `icon-${size}.png`);
  writeFileSync(file, PNG.sync.write(png, { colorType: 2 }));
  console.log(`wrote ${file}`);
}
