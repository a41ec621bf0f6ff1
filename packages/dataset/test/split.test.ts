import { describe, expect, it } from 'vitest';
import {
  checkExamples,
  DatasetOptionError,
  gatherBatch,
  IdxFormatError,
  MNIST_CLASSES,
  MnistContentError,
  normalize,
  parseMnistSplit,
  readMnistFile,
} from '../src/index';
import { imagesFile, labelsFile, pixelAt } from './fixtures';

describe('parseMnistSplit', () => {
  it('builds a split whose arrays are views of the input', () => {
    const images = imagesFile(3);
    const split = parseMnistSplit(images, labelsFile([4, 0, 9]));
    expect(split.count).toBe(3);
    expect(split.shape).toEqual([28, 28]);
    expect([...split.labels]).toEqual([4, 0, 9]);
    expect(split.features.length).toBe(3 * 784);
    expect(split.features[784 + 100]).toBe(pixelAt(1, 100));
    expect(split.features.buffer).toBe(images.buffer);
  });

  it('keeps the first `limit` examples as copies', () => {
    const images = imagesFile(3);
    const split = parseMnistSplit(images, labelsFile([4, 0, 9]), { limit: 2 });
    expect(split.count).toBe(2);
    expect([...split.labels]).toEqual([4, 0]);
    expect(split.features.length).toBe(2 * 784);
    expect(split.features[783]).toBe(pixelAt(0, 783));
    expect(split.features.buffer).not.toBe(images.buffer);
  });

  it('keeps every example when `limit` exceeds the count, and none with 0', () => {
    expect(parseMnistSplit(imagesFile(2), labelsFile([1, 2]), { limit: 10 }).count).toBe(2);
    const none = parseMnistSplit(imagesFile(2), labelsFile([1, 2]), { limit: 0 });
    expect(none.count).toBe(0);
    expect(none.features.length).toBe(0);
  });

  it('rejects images that are not 28x28, naming the file and the size', () => {
    const parse = () =>
      parseMnistSplit(imagesFile(1, 32, 32), labelsFile([1]), { imagesFile: 'cifar-images' });
    expect(parse).toThrow(IdxFormatError);
    expect(parse).toThrow(/cifar-images: images are 32x32 pixels, expected 28x28/);
  });

  it('rejects swapped files by their magic numbers', () => {
    const parse = () =>
      parseMnistSplit(labelsFile([1]), imagesFile(1), {
        imagesFile: 'a-labels-file',
        labelsFile: 'an-images-file',
      });
    expect(parse).toThrow(/a-labels-file: magic number 2049 .* where 2051/);
  });

  it('rejects images and labels of different counts, naming both files', () => {
    const parse = () =>
      parseMnistSplit(imagesFile(3), labelsFile([1, 2]), {
        imagesFile: 'imgs.idx',
        labelsFile: 'lbls.idx',
      });
    expect(parse).toThrow(MnistContentError);
    expect(parse).toThrow(/imgs\.idx holds 3 images but lbls\.idx holds 2 labels/);
  });

  it('rejects a label outside 0-9, naming file, index and value', () => {
    const parse = () =>
      parseMnistSplit(imagesFile(3), labelsFile([1, 10, 2]), { labelsFile: 'lbls.idx' });
    expect(parse).toThrow(MnistContentError);
    expect(parse).toThrow(/lbls\.idx: label 10 at index 1 is outside 0-9/);
  });

  it('checks labels beyond the limit too, since the whole file is validated', () => {
    expect(() => parseMnistSplit(imagesFile(2), labelsFile([1, 200]), { limit: 1 })).toThrow(
      /label 200 at index 1/,
    );
  });

  it('rejects a limit that is not a whole number >= 0', () => {
    expect(() => parseMnistSplit(imagesFile(1), labelsFile([1]), { limit: -1 })).toThrow(
      DatasetOptionError,
    );
    expect(() => parseMnistSplit(imagesFile(1), labelsFile([1]), { limit: 1.5 })).toThrow(
      'parseMnistSplit: limit is 1.5; use a whole number >= 0.',
    );
  });

  it('gives Examples: uint8 features and labels of shape [28, 28] and 10 classes', () => {
    expect(MNIST_CLASSES).toBe(10);
    for (const split of [
      parseMnistSplit(imagesFile(3), labelsFile([4, 0, 9])),
      parseMnistSplit(imagesFile(3), labelsFile([4, 0, 9]), { limit: 2 }),
    ]) {
      expect(split.features).toBeInstanceOf(Uint8Array);
      expect(split.labels).toBeInstanceOf(Uint8Array);
      expect(split.shape).toEqual([28, 28]);
      expect(split.numClasses).toBe(MNIST_CLASSES);
      expect(() => checkExamples(split, { caller: 'test' })).not.toThrow();
      expect(() =>
        checkExamples(split, { caller: 'test', model: { inputShape: [784], numClasses: 10 } }),
      ).not.toThrow();
    }
  });

  it('batches as any uint8 Examples: pixels scaled by 1/255, labels as int32', () => {
    const split = parseMnistSplit(imagesFile(3), labelsFile([4, 0, 9]));
    const batch = gatherBatch(split, [2]);
    expect([...batch.labels]).toEqual([9]);
    expect(batch.features).toEqual(normalize(split.features.subarray(2 * 784)));
    expect(batch.features[5]).toBe(Math.fround(pixelAt(2, 5) / 255));
  });
});

describe('readMnistFile', () => {
  it('reads one images or labels file on its own as a zero-copy view', () => {
    const images = imagesFile(2);
    const read = readMnistFile(images, 'imgs', 'images');
    expect(read.dims).toEqual([2, 28, 28]);
    expect(read.data.buffer).toBe(images.buffer);
    expect([...readMnistFile(labelsFile([0, 9]), 'lbls', 'labels').data]).toEqual([0, 9]);
  });

  it('reports a wrong kind, a wrong size and a bad label for that one file', () => {
    expect(() => readMnistFile(labelsFile([1]), 'imgs', 'images')).toThrow(
      /imgs: magic number 2049 .* where 2051/,
    );
    expect(() => readMnistFile(imagesFile(1, 8, 8), 'imgs', 'images')).toThrow(IdxFormatError);
    const badLabel = () => readMnistFile(labelsFile([3, 12]), 'lbls', 'labels');
    expect(badLabel).toThrow(MnistContentError);
    expect(badLabel).toThrow('lbls: label 12 at index 1 is outside 0-9');
  });

  it('reports a file that holds no images or no labels, naming it', () => {
    const noImages = () => readMnistFile(imagesFile(0), 'imgs', 'images');
    expect(noImages).toThrow(MnistContentError);
    expect(noImages).toThrow('imgs: the header declares 0 images, so the file holds none');
    const noLabels = () => readMnistFile(labelsFile([]), 'lbls', 'labels');
    expect(noLabels).toThrow(MnistContentError);
    expect(noLabels).toThrow('lbls: the header declares 0 labels, so the file holds none');
  });
});
