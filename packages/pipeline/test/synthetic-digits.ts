import { createExamples, type Examples } from '@mnist-wasm/dataset';
import { prng } from '@mnist-wasm/test-utils';

/**
 * `count` 28x28 uint8 "digits" of 10 classes a model can tell apart: class `c` inks rows
 * `2c + 4` to `2c + 6`, over seeded noise. Small enough for a test to train on in a moment.
 */
export function syntheticDigits(count: number, seed: number): Examples {
  const random = prng(seed);
  const features = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 10;
    labels[i] = label;
    for (let p = 0; p < 784; p++) {
      const row = Math.floor(p / 28);
      const ink = row >= 2 * label + 4 && row < 2 * label + 7;
      features[i * 784 + p] = ink ? 200 + Math.floor(random() * 55) : Math.floor(random() * 40);
    }
  }
  return createExamples({ features, labels, shape: [28, 28], numClasses: 10 });
}
