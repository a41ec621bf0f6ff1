/** Everything the notebook run can be told from the command line. */
export interface NotebookOptions {
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
}

/** The notebook's settings: `model.fit(x_train, y_train, epochs=5)` with Keras's batch size 32. */
export const NOTEBOOK_DEFAULTS = { epochs: 5, batchSize: 32 } as const;

/** A seed drawn at random, small enough to retype from the printed line. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 1_000_000);
}
