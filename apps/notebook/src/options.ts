/** The models the app trains: the notebook's MLP, or a small convnet. */
export const MODEL_KINDS = ['mlp', 'cnn'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

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
  dataDir?: string;
  /** Check the MNIST files' SHA-256 (`--no-verify` turns it off, for other IDX data). */
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
}

/**
 * The notebook's settings: its model, `model.fit(x_train, y_train, epochs=5)` with Keras's batch
 * size 32.
 */
export const NOTEBOOK_DEFAULTS = { model: 'mlp', epochs: 5, batchSize: 32 } as const;

/** A seed drawn at random, small enough to retype from the printed line. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 1_000_000);
}
