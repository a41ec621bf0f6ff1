import { type Examples, exampleSize } from '@mnist-wasm/dataset';
import { SeededRandom } from '@mnist-wasm/trainer';

/** A digit drawn onto a canvas of its own size, as a person's scan or drawing might be. */
export interface CanvasDigit {
  /** Gray, one byte per pixel, row by row: an ImageData-like image for `toMnistLayout`. */
  image: { data: Uint8Array; width: number; height: number };
  label: number;
  /** Whether the digit is dark ink on a light background. */
  inverted: boolean;
}

/** How far the re-laid-out digits stray from MNIST's layout; the defaults of {@link relayDigits}. */
export const RELAY = {
  /** The digit's 28x28 frame is scaled by a factor in this range... */
  scale: [0.5, 1.5],
  /** ...and, for a third of the digits, one side by up to this much more than the other. */
  aspect: 1.4,
  /** Canvas sides, in pixels, each drawn independently. */
  canvas: [32, 160],
  /** Fraction of digits drawn dark on light. */
  inverted: 0.3,
  /** Uniform noise added to every pixel, up to this many levels of 255 either way. */
  noise: 12,
} as const;

/**
 * Lays MNIST digits out as people's images are laid out: each digit (a 28x28 uint8 image of
 * `examples`) scaled 0.5-1.5x, a third with a changed aspect ratio, placed at a random position
 * on a canvas of random size (32 to 160 pixels a side, at least as large as the digit), 30% dark
 * ink on a light background, with a little noise. Bilinear resampling; deterministic for `seed`.
 */
export function relayDigits(examples: Examples, count: number, seed: number): CanvasDigit[] {
  const [rows, cols] = examples.shape as [number, number];
  const size = exampleSize(examples.shape);
  const stream = new SeededRandom(seed);
  const random = () => stream.nextFloat();
  const between = (low: number, high: number) => low + (high - low) * random();
  return Array.from({ length: Math.min(count, examples.count) }, (_, index) => {
    const digit = examples.features.subarray(index * size, (index + 1) * size);
    const scale = between(RELAY.scale[0], RELAY.scale[1]);
    const stretch = random() < 1 / 3 ? between(1, RELAY.aspect) : 1;
    const [scaleX, scaleY] = random() < 0.5 ? [scale * stretch, scale] : [scale, scale * stretch];
    const digitWidth = Math.ceil(cols * scaleX);
    const digitHeight = Math.ceil(rows * scaleY);
    const width = Math.max(digitWidth, Math.round(between(RELAY.canvas[0], RELAY.canvas[1])));
    const height = Math.max(digitHeight, Math.round(between(RELAY.canvas[0], RELAY.canvas[1])));
    const left = Math.floor(random() * (width - digitWidth + 1));
    const top = Math.floor(random() * (height - digitHeight + 1));
    const inverted = random() < RELAY.inverted;
    const data = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      // The canvas pixel's centre, in the digit's 28x28 pixel coordinates.
      const v = (y - top + 0.5) / scaleY - 0.5;
      for (let x = 0; x < width; x++) {
        const u = (x - left + 0.5) / scaleX - 0.5;
        const ink = bilinear(digit, cols, rows, u, v);
        const noise = (random() * 2 - 1) * RELAY.noise;
        const value = (inverted ? 255 - ink : ink) + noise;
        data[y * width + x] = Math.max(0, Math.min(255, Math.round(value)));
      }
    }
    return { image: { data, width, height }, label: examples.labels[index] as number, inverted };
  });
}

/** The image's value at (u, v) by bilinear interpolation, 0 outside it. */
function bilinear(
  pixels: ArrayLike<number>,
  width: number,
  height: number,
  u: number,
  v: number,
): number {
  const x0 = Math.floor(u);
  const y0 = Math.floor(v);
  const fx = u - x0;
  const fy = v - y0;
  const at = (x: number, y: number) =>
    x >= 0 && x < width && y >= 0 && y < height ? (pixels[y * width + x] as number) : 0;
  return (
    (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) +
    fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1))
  );
}
