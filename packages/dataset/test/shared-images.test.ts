import { describe, expect, it } from 'vitest';
import { createExamples, withSharedImages } from '../src';

describe('withSharedImages', () => {
  it('moves uint8 images into a SharedArrayBuffer, the same bytes, the labels untouched', () => {
    const features = Uint8Array.from({ length: 3 * 4 }, (_, i) => (i * 37) % 256);
    const examples = createExamples({
      features,
      labels: Uint8Array.from([1, 2, 3]),
      shape: [2, 2],
      numClasses: 4,
    });
    const shared = withSharedImages(examples);
    expect(shared.features.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(shared.features)).toEqual(Array.from(features));
    expect(shared.labels).toBe(examples.labels);
    expect(shared.count).toBe(3);
    // Shared already: the same object back, no second copy.
    expect(withSharedImages(shared)).toBe(shared);
  });

  it('leaves float32 features where they are', () => {
    const examples = createExamples({
      features: new Float32Array(8),
      labels: Uint8Array.from([0, 1]),
      shape: [2, 2],
      numClasses: 4,
    });
    expect(withSharedImages(examples)).toBe(examples);
  });
});
