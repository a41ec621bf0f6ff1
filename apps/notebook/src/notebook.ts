import type { WasmBackendReport } from '@mnist-wasm/backend';
import type { Examples } from '@mnist-wasm/dataset';
import type { EvaluationResult } from '@mnist-wasm/evaluator';
import { checkModelFolderWritable, SavedModelError } from '@mnist-wasm/model/node';
import {
  buildModel,
  confusion,
  describeData,
  evaluateModel,
  fitModel,
  isKerasNotebookRun,
  mostConfidentMistakes,
  probabilities,
  untrainedCells,
} from '@mnist-wasm/pipeline';
import { saveTrainedModel } from '@mnist-wasm/pipeline/node';
import type { TrainHistory } from '@mnist-wasm/trainer';
import { spawnNodeTrainingThread } from '@mnist-wasm/trainer/node';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { renderModel } from './cells/build-model';
import { CONFUSION_HEADING, renderConfusion } from './cells/confusion';
import { dataHeading, renderData } from './cells/describe-data';
import { EVALUATE_HEADING, renderEvaluation } from './cells/evaluate-model';
import { drawFitEvents, fitHeading } from './cells/fit-model';
import { PROBABILITIES_HEADING, renderProbabilities } from './cells/probabilities';
import { renderSaved, saveHeading } from './cells/save-trained-model';
import { renderUntrained } from './cells/untrained-cells';
import { loadSplits } from './load-splits';
import { checkBatchSizeFlag } from './model-batch-bound';
import type { NotebookOutput, Print } from './notebook-output';
import type { ModelKind, NotebookOptions } from './options';
import {
  checkReportWritable,
  createBatchRecorder,
  MISTAKES_SHOWN,
  type RunForReport,
  writeRunReport,
} from './run-report';
import { startBackend } from './start-backend';
import { describeThreadRefusal } from './thread-count';

/** What a notebook run measured: the `--json` output. */
export interface NotebookResult {
  /** Which model was trained: `mlp` (the notebook's) or `cnn`. */
  model: ModelKind;
  /** Whether training batches were augmented (`--augment`). */
  augment: boolean;
  /** The data set (`--dataset`): `mnist`, `fashion-mnist` or `kmnist`. */
  dataset: string;
  /** The name of each class, class 0 first, as every output names them. */
  classNames: string[];
  seed: number;
  backend: WasmBackendReport;
  data: { train: number; test: number; loadMs: number };
  untrainedLoss: number;
  history: TrainHistory;
  /**
   * Which training step ran: `'plan'` (the model's plan of forward and backward kernels) or
   * `'tape'` (`tf.variableGrads` over the layers, for a layer or backend the plan does not cover).
   */
  step: 'plan' | 'tape';
  /** With `step: 'tape'`: the layer or kernel the plan lacks. */
  planRefusal?: string;
  /** Threads the run trained on (`--threads`, or 1 with `threadRefusal`). */
  threads: number;
  /** Why the run trained on one thread although `--threads` asked for more. */
  threadRefusal?: string;
  test: EvaluationResult;
  trainMs: number;
  /** Peak resident set size of the whole process so far, in MB. */
  peakRssMb: number;
  /** The folder the trained model was saved to, with `--save`. */
  savedTo?: string;
  /**
   * Why `--save` failed after training (the folder was checked before it): the metrics are still
   * reported, and the command exits with code 1.
   */
  saveError?: string;
  /** The file `--report` wrote. */
  reportedTo?: string;
  /** Why `--report` failed after training: the metrics are still reported, and the exit code is 1. */
  reportError?: string;
}

/**
 * Runs the Keras MNIST notebook cell by cell on the SIMD WASM backend and returns what it measured:
 * each cell of `@mnist-wasm/pipeline` computes, and its renderer in `cells/` prints what the
 * notebook shows. The model is disposed before this resolves.
 *
 * With `save`, the folder is proved writable before anything else, creating nothing (a run
 * refused later leaves no folder), so a bad destination costs no training; a save that still fails afterwards (a full disk, a model with
 * NaN weights) is reported in `saveError` with the metrics rather than thrown.
 *
 * @throws SavedModelWriteError (from `@mnist-wasm/model/node`) when the `save` folder cannot be
 *   created or written, before training; UsageError for a `report` path that cannot be written,
 *   or a `batchSize` larger than the model can train with, before the data is loaded; dataset
 *   errors for missing, damaged or empty MNIST files, before training.
 */
export async function runNotebook(
  options: NotebookOptions,
  output: NotebookOutput,
): Promise<NotebookResult> {
  const { print } = output;
  const dataset = options.dataset ?? 'mnist';
  if (options.save !== undefined) await checkModelFolderWritable(options.save);
  if (options.report !== undefined) await checkReportWritable(options.report);
  const backend = await startBackend(options.seed, print, options.threads);
  const built = buildModel(options.model, { seed: options.seed });
  const { model } = built;
  try {
    checkBatchSizeFlag(model, options.model, options.batchSize);
    print(dataHeading(dataset));
    const { train, test, loadMs, classNames } = await loadSplits(options, options.threads > 1);
    print(renderData(describeData(train, test), loadMs));
    print(renderModel(built));
    const untrained = untrainedCells(model, train);
    print(renderUntrained(untrained));

    print(fitHeading(options.epochs, options.augment));
    const draw = drawFitEvents(output.progress);
    const batches = options.report === undefined ? undefined : createBatchRecorder();
    const { epochs, batchSize, seed, augment, threads } = options;
    const fitOptions = { epochs, batchSize, seed, augment, threads };
    const spawn = threads > 1 ? { spawnThread: spawnNodeTrainingThread } : {};
    const fit = await fitModel(model, train, { ...fitOptions, ...spawn }, (event) => {
      draw(event);
      batches?.onEvent(event);
    });
    if (fit.threadRefusal !== null) print(describeThreadRefusal(fit.threads, fit.threadRefusal));

    print(EVALUATE_HEADING);
    // The notebook's figures are MNIST's: another data set's run is not compared with them.
    const quoteKeras =
      dataset === 'mnist' &&
      isKerasNotebookRun({
        ...options,
        trainCount: train.count,
        testCount: test.count,
      });
    const evaluation = await evaluateModel(model, test, { quoteKeras });
    print(renderEvaluation(evaluation));
    const testResult = {
      loss: evaluation.loss,
      accuracy: evaluation.accuracy,
      count: evaluation.count,
    };
    print(PROBABILITIES_HEADING);
    print(renderProbabilities(await probabilities(model, test, 5), classNames));
    print(CONFUSION_HEADING);
    const matrix = await confusion(model, test);
    print(renderConfusion(matrix, classNames));

    const saveError =
      options.save === undefined
        ? undefined
        : await save(model, options.save, print, { classNames, dataset });
    const reportError =
      options.report === undefined
        ? undefined
        : await report(options.report, model, test, print, {
            title: `mnist-notebook${dataset === 'mnist' ? '' : ` --dataset ${dataset}`} --model ${options.model} --epochs ${options.epochs} --seed ${options.seed}`,
            settings: reportSettings(options, train.count, test.count),
            timings: { load: loadMs, train: fit.trainMs, evaluate: evaluation.ms },
            batches: batches?.points() ?? [],
            history: fit.history,
            test: testResult,
            confusion: matrix,
            classNames,
          });
    return {
      model: options.model,
      augment: options.augment,
      dataset,
      classNames,
      seed: options.seed,
      backend,
      data: { train: train.count, test: test.count, loadMs },
      untrainedLoss: untrained.loss,
      history: fit.history,
      step: fit.step,
      ...(fit.planRefusal !== null && { planRefusal: fit.planRefusal }),
      threads: fit.threads,
      ...(fit.threadRefusal !== null && { threadRefusal: fit.threadRefusal }),
      test: testResult,
      trainMs: fit.trainMs,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      ...(options.save !== undefined && saveError === undefined && { savedTo: options.save }),
      ...(saveError !== undefined && { saveError }),
      ...(options.report !== undefined &&
        reportError === undefined && { reportedTo: options.report }),
      ...(reportError !== undefined && { reportError }),
    };
  } finally {
    model.dispose();
  }
}

/**
 * In [9]: saves the trained model to `dir`. A save that fails (a full disk, NaN weights) is
 * returned as its message rather than thrown, so the run's metrics are still reported.
 */
async function save(
  model: LayersModel,
  dir: string,
  print: Print,
  metadata: { classNames: string[]; dataset: string },
): Promise<string | undefined> {
  print(saveHeading(dir));
  try {
    print(renderSaved(await saveTrainedModel(model, dir, metadata)));
    return undefined;
  } catch (error) {
    if (error instanceof SavedModelError) return error.message;
    throw error;
  }
}

/**
 * `--report`: writes the run, with the most confident mistakes, to `file`. A report that fails is
 * returned as its message rather than thrown, so the run's metrics are still reported.
 */
async function report(
  file: string,
  model: LayersModel,
  test: Examples,
  print: Print,
  run: Omit<RunForReport, 'mistakes'>,
): Promise<string | undefined> {
  try {
    const mistakes = await mostConfidentMistakes(model, test, MISTAKES_SHOWN);
    await writeRunReport(file, { ...run, mistakes });
    print(`report written to ${file}`);
    return undefined;
  } catch (error) {
    return `--report ${file}: ${(error as Error).message}`;
  }
}

/** The run's settings as the report lists them. */
function reportSettings(
  options: NotebookOptions,
  trainCount: number,
  testCount: number,
): Record<string, string | number | boolean> {
  return {
    dataset: options.dataset ?? 'mnist',
    model: options.model,
    epochs: options.epochs,
    'batch size': options.batchSize,
    seed: options.seed,
    augment: options.augment,
    'training examples': trainCount,
    'test examples': testCount,
  };
}
