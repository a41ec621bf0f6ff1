/**
 * One split of MNIST (train or test), as Keras's `mnist.load_data()` returns it.
 *
 * - `images`: `count * rows * cols` pixels, row-major `[count, rows, cols]`, uint8 in 0-255.
 * - `labels`: `count` digits, uint8 in 0-9.
 */
export interface MnistSplit {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
}

/** The two splits of MNIST: 60,000 training and 10,000 test examples in the original files. */
export interface Mnist {
  readonly train: MnistSplit;
  readonly test: MnistSplit;
}
