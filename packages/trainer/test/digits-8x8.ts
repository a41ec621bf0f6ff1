import { createExamples, type Examples, type MnistSplit, sliceExamples } from '@mnist-wasm/dataset';

/** Side of the small digits. */
export const SIDE = 8;

/** Input pixels per output pixel, along each axis: 28 / 8 = 3.5. */
const SCALE = 28 / SIDE;

/** How much of input pixel `p` (the span `[p, p + 1)`) output pixel `o` covers. */
function overlap(o: number, p: number): number {
  return Math.max(0, Math.min(p + 1, (o + 1) * SCALE) - Math.max(p, o * SCALE));
}

/**
 * Examples `[start, end)` of an MNIST split area-downsampled to 8x8 float32 features in [0, 1]:
 * each small pixel is the mean of the 3.5x3.5 square of the image it covers (pixels cut by the
 * square's border count for the part inside), divided by 255. Labels and classes stay MNIST's.
 */
export function digits8x8(split: MnistSplit, start: number, end: number): Examples {
  const { features: images, labels, count } = sliceExamples(split, start, end);
  const features = new Float32Array(count * SIDE * SIDE);
  for (let n = 0; n < count; n++) {
    const image = images.subarray(n * 784, (n + 1) * 784);
    for (let oy = 0; oy < SIDE; oy++) {
      for (let ox = 0; ox < SIDE; ox++) {
        let sum = 0;
        for (let py = Math.floor(oy * SCALE); py < Math.ceil((oy + 1) * SCALE); py++) {
          for (let px = Math.floor(ox * SCALE); px < Math.ceil((ox + 1) * SCALE); px++) {
            sum += overlap(oy, py) * overlap(ox, px) * image[py * 28 + px]!;
          }
        }
        features[n * SIDE * SIDE + oy * SIDE + ox] = sum / (SCALE * SCALE * 255);
      }
    }
  }
  return createExamples({
    features,
    labels: labels.slice(),
    shape: [SIDE, SIDE],
    numClasses: 10,
  });
}
