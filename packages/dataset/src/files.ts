/**
 * One of the four original MNIST files: its name (without `.gz`), what it holds, and the size and
 * SHA-256 of its raw (decompressed) bytes.
 */
export interface MnistFile {
  readonly name: string;
  /** `'images'`: IDX magic 2051, uint8 `[count, 28, 28]`; `'labels'`: IDX magic 2049, uint8 `[count]`. */
  readonly kind: 'images' | 'labels';
  /** Size of the raw file in bytes: the IDX header plus the data. */
  readonly size: number;
  readonly sha256: string;
}

/**
 * The four original MNIST files (LeCun et al.), named as published, with the size and SHA-256 of
 * each raw file. The sizes bound downloads and decompression: nothing larger can be the original.
 */
export const MNIST_FILES = {
  trainImages: {
    name: 'train-images-idx3-ubyte',
    kind: 'images',
    size: 47_040_016,
    sha256: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
  },
  trainLabels: {
    name: 'train-labels-idx1-ubyte',
    kind: 'labels',
    size: 60_008,
    sha256: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
  },
  testImages: {
    name: 't10k-images-idx3-ubyte',
    kind: 'images',
    size: 7_840_016,
    sha256: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
  },
  testLabels: {
    name: 't10k-labels-idx1-ubyte',
    kind: 'labels',
    size: 10_008,
    sha256: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
  },
} as const satisfies Record<string, MnistFile>;

/** Height and width of every MNIST image, in pixels. */
export const MNIST_IMAGE_SIZE = 28;

/** Number of MNIST classes: the digits 0-9. */
export const MNIST_CLASSES = 10;
