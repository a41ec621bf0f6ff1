import type { ImageSize } from './augment-options';
import type { DisplacementField } from './augment-warp';
import type { SeededRandom } from './random';

/** Reused buffers of {@link elasticField}; grown on first use and when the image size changes. */
export interface ElasticScratch extends DisplacementField {
  /** The displacement fields, `height * width` each (see {@link DisplacementField}). */
  fieldX: Float32Array;
  fieldY: Float32Array;
  /** The blur's row pass, `height * width`. */
  blurred: Float32Array;
  /** One field's uniform noise, `height * width`. */
  noise: Uint32Array;
  /** Normalized 1-D Gaussian of the `sigma` it was made for. */
  kernel: Float64Array;
  kernelSigma: number;
}

/** Empty scratch buffers for {@link elasticField}. */
export function createElasticScratch(): ElasticScratch {
  return {
    fieldX: new Float32Array(0),
    fieldY: new Float32Array(0),
    blurred: new Float32Array(0),
    noise: new Uint32Array(0),
    kernel: new Float64Array(0),
    kernelSigma: 0,
  };
}

/**
 * Draws the elastic displacement fields of one image into `scratch.fieldX/fieldY`: uniform noise
 * in [-1, 1], a separable normalized Gaussian blur of standard deviation `sigma` (zeros outside the
 * image), times `alpha`. Takes `2 * height * width` draws from `random`.
 */
export function elasticField(
  size: ImageSize,
  alpha: number,
  sigma: number,
  random: SeededRandom,
  scratch: ElasticScratch,
): void {
  const pixels = size.height * size.width;
  if (scratch.fieldX.length !== pixels) {
    scratch.fieldX = new Float32Array(pixels);
    scratch.fieldY = new Float32Array(pixels);
    scratch.blurred = new Float32Array(pixels);
    scratch.noise = new Uint32Array(pixels);
  }
  if (scratch.kernelSigma !== sigma) {
    scratch.kernel = gaussianKernel(sigma);
    scratch.kernelSigma = sigma;
  }
  blurredNoise(scratch.fieldX, size, alpha, random, scratch);
  blurredNoise(scratch.fieldY, size, alpha, random, scratch);
}

/** A normalized 1-D Gaussian of standard deviation `sigma`, reaching 3 `sigma` to each side. */
function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.ceil(3 * sigma);
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const value = Math.exp(-(i * i) / (2 * sigma * sigma));
    kernel[i + radius] = value;
    sum += value;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] = kernel[i]! / sum;
  return kernel;
}

/** One field of {@link elasticField}: `alpha * gaussian(uniform noise in [-1, 1])` into `field`. */
function blurredNoise(
  field: Float32Array,
  { height, width }: ImageSize,
  alpha: number,
  random: SeededRandom,
  scratch: ElasticScratch,
): void {
  const { noise, blurred, kernel } = scratch;
  const radius = (kernel.length - 1) >> 1;
  random.fillUint32(noise);
  // Noise in [-1, 1) into `field`.
  for (let i = 0; i < noise.length; i++) field[i] = noise[i]! / 2147483648 - 1;
  // Rows: field -> blurred.
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const from = Math.max(0, x - radius);
      const to = Math.min(width - 1, x + radius);
      let sum = 0;
      for (let j = from; j <= to; j++) sum += kernel[j - x + radius]! * field[row + j]!;
      blurred[row + x] = sum;
    }
  }
  // Columns: blurred -> field, scaled by alpha.
  for (let y = 0; y < height; y++) {
    const from = Math.max(0, y - radius);
    const to = Math.min(height - 1, y + radius);
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let j = from; j <= to; j++) sum += kernel[j - y + radius]! * blurred[j * width + x]!;
      field[y * width + x] = alpha * sum;
    }
  }
}
