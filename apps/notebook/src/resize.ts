/** A single-channel image: `width * height` values, row by row. */
export interface GrayImage {
  pixels: Float32Array;
  width: number;
  height: number;
}

/**
 * Resizes by area averaging: each output pixel is the mean of the input area it covers, weighting
 * input pixels it covers only partly by the covered fraction. Shrinking thus keeps thin strokes as
 * faint lines instead of dropping them (as nearest-neighbour sampling would); enlarging repeats
 * pixels. Aspect ratio is not kept: the image is stretched to `width x height`.
 */
export function resizeArea(image: GrayImage, width: number, height: number): GrayImage {
  const out = new Float32Array(width * height);
  const scaleX = image.width / width;
  const scaleY = image.height / height;
  for (let y = 0; y < height; y++) {
    const top = y * scaleY;
    const bottom = top + scaleY;
    for (let x = 0; x < width; x++) {
      const left = x * scaleX;
      const right = left + scaleX;
      let sum = 0;
      for (let sy = Math.floor(top); sy < Math.min(Math.ceil(bottom), image.height); sy++) {
        const coverY = Math.min(bottom, sy + 1) - Math.max(top, sy);
        for (let sx = Math.floor(left); sx < Math.min(Math.ceil(right), image.width); sx++) {
          const coverX = Math.min(right, sx + 1) - Math.max(left, sx);
          sum += coverX * coverY * image.pixels[sy * image.width + sx]!;
        }
      }
      out[y * width + x] = sum / (scaleX * scaleY);
    }
  }
  return { pixels: out, width, height };
}
