import { InvalidArgumentError } from 'commander';

/** Everything the notebook run can be told from the command line. */
export interface NotebookOptions {
  epochs: number;
  batchSize: number;
  /** Seed for initial weights, shuffling and dropout; a random one is drawn (and printed) when absent. */
  seed: number;
  trainLimit?: number;
  testLimit?: number;
  dataDir?: string;
  json: boolean;
  quiet: boolean;
  /** Folder to save the trained model to (`model.json` + `weights.bin`); not saved when absent. */
  save?: string;
}

/** The notebook's settings: `model.fit(x_train, y_train, epochs=5)` with Keras's batch size 32. */
export const NOTEBOOK_DEFAULTS = { epochs: 5, batchSize: 32 } as const;

/** Parses a flag value that must be a whole number of at least `min`, for commander. */
export function wholeNumber(flag: string, min: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isInteger(parsed) || parsed < min) {
      throw new InvalidArgumentError(
        `${flag} takes a whole number of at least ${min}, got '${value}'.`,
      );
    }
    return parsed;
  };
}

/**
 * Parses a repeatable flag of comma-separated whole numbers (`--index 0,1 --index 2`) into one
 * list, for commander. Not variadic, so file operands may follow the flag.
 */
export function wholeNumbers(
  flag: string,
  min: number,
): (value: string, previous: number[] | undefined) => number[] {
  const parse = wholeNumber(flag, min);
  return (value, previous = []) => [...previous, ...value.split(',').map(parse)];
}

/** A seed drawn at random, small enough to retype from the printed line. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 1_000_000);
}
