import { describe, expect, it } from 'vitest';
import { DownloadError, IdxFormatError, MNIST_FILES, MnistContentError } from '../src/index';
import { mnistFileCount, mnistPrefixBytes, readMnistPrefix } from '../src/mnist-prefix';
import { idxFile } from './fixtures';

const { trainImages, trainLabels, testLabels } = MNIST_FILES;

/** The start of a file whose header declares `count` of `dims`, holding `data`. */
const start = (dims: number[], data: number[]) => idxFile(dims, data);

describe('mnist-prefix', () => {
  it('knows the counts and the bytes of the first examples', () => {
    expect(mnistFileCount(trainImages)).toBe(60_000);
    expect(mnistFileCount(testLabels)).toBe(10_000);
    expect(mnistPrefixBytes(trainImages, 2)).toBe(16 + 2 * 784);
    expect(mnistPrefixBytes(trainLabels, 3)).toBe(8 + 3);
    expect(mnistPrefixBytes(trainImages, 1e6)).toBe(trainImages.size);
  });

  it("reads the first labels of a header that declares the original's count", () => {
    const labels = readMnistPrefix(start([60_000], [5, 0, 4]), 'u', trainLabels, 3);
    expect([...labels]).toEqual([5, 0, 4]);
    const images = readMnistPrefix(
      start([60_000, 28, 28], Array(784).fill(7)),
      'u',
      trainImages,
      1,
    );
    expect(images).toHaveLength(784);
  });

  it('refuses another count (DownloadError), a wrong kind or size, a bad label', () => {
    expect(() => readMnistPrefix(start([6], [5, 0, 4]), 'u/x.gz', trainLabels, 3)).toThrow(
      new DownloadError(
        'u/x.gz',
        'u/x.gz declares 6 labels (14 bytes), but the original train-labels-idx1-ubyte holds 60000 (60008 bytes); check the baseUrl option (it must be the folder holding the MNIST files).',
      ),
    );
    expect(() => readMnistPrefix(start([60_000], [5, 0, 4]), 'u', trainImages, 3)).toThrow(
      IdxFormatError,
    );
    expect(() =>
      readMnistPrefix(start([60_000, 32, 32], Array(784).fill(0)), 'u', trainImages, 1),
    ).toThrow(/32x32 pixels/);
    expect(() => readMnistPrefix(start([60_000], [5, 0]), 'u', trainLabels, 3)).toThrow(
      IdxFormatError,
    );
    expect(() => readMnistPrefix(start([60_000], [5, 10, 4]), 'u', trainLabels, 3)).toThrow(
      MnistContentError,
    );
  });
});
