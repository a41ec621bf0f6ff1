import type { MnistSplit } from '../src/index';
import { loadMnistSplit } from '../src/node';

/** The side of an MNIST image. */
export const SIDE = 28;

/** The first 100 MNIST test images, each as uint8 28x28 by its index. */
export async function loadMnistImages(): Promise<(index: number) => Uint8Array> {
  const test: MnistSplit = await loadMnistSplit('test', { limit: 100 });
  return (index) => test.features.subarray(index * 784, (index + 1) * 784) as Uint8Array;
}

/** Intensity-weighted centre of mass of a 28x28 image, pixel centres at 0-27. */
export function centreOfMass(pixels: Uint8Array): { x: number; y: number } {
  let mass = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < pixels.length; i++) {
    mass += pixels[i]!;
    x += pixels[i]! * (i % SIDE);
    y += pixels[i]! * Math.floor(i / SIDE);
  }
  return { x: x / mass, y: y / mass };
}

/** The bounding box of the nonzero pixels of a 28x28 image. */
export function inkBox(pixels: Uint8Array): { width: number; height: number } {
  let left = SIDE;
  let right = -1;
  let top = SIDE;
  let bottom = -1;
  for (let i = 0; i < pixels.length; i++) {
    if (pixels[i]! === 0) continue;
    const x = i % SIDE;
    const y = Math.floor(i / SIDE);
    left = Math.min(left, x);
    right = Math.max(right, x);
    top = Math.min(top, y);
    bottom = Math.max(bottom, y);
  }
  return { width: right - left + 1, height: bottom - top + 1 };
}
