import type { WasmBackendReport } from '@mnist-wasm/backend';
import { sliceExamples } from '@mnist-wasm/dataset';
import type { EvaluationResult } from '@mnist-wasm/evaluator';
import { checkModelFolderWritable, SavedModelError } from '@mnist-wasm/model/node';
import type { TrainHistory } from '@mnist-wasm/trainer';
import { buildModel, showModel } from './cells/build-model';
import { evaluateModel } from './cells/evaluate-model';
import { fitModel } from './cells/fit-model';
import { loadData } from './cells/load-data';
import { saveTrainedModel } from './cells/save-trained-model';
import { showConfusionMatrix } from './cells/show-confusion-matrix';
import { showProbabilities } from './cells/show-probabilities';
import { untrainedLoss } from './cells/untrained-loss';
import { untrainedPredictions } from './cells/untrained-predictions';
import { checkBatchSizeFlag } from './model-batch-bound';
import type { NotebookOutput } from './notebook-output';
import type { ModelKind, NotebookOptions } from './options';
import { checkReportWritable, createBatchRecorder, writeRunReport } from './run-report';
import { startBackend } from './start-backend';

/** What a notebook run measured: the `--json` output. */
export interface NotebookResult {
  /** Which model was trained: `mlp` (the notebook's) or `cnn`. */
  model: ModelKind;
  /** Whether training batches were augmented (`--augment`). */
  augment: boolean;
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
 * Runs the Keras MNIST notebook cell by cell on the SIMD WASM backend and returns what it measured.
 * Each cell prints what the notebook shows; the model is disposed before this resolves.
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
  if (options.save !== undefined) await checkModelFolderWritable(options.save);
  if (options.report !== undefined) await checkReportWritable(options.report);
  const backend = await startBackend(options.seed, print);
  const model = buildModel(options.model, options.seed);
  try {
    checkBatchSizeFlag(model, options.model, options.batchSize);
    const { train, test, loadMs } = await loadData(options, print);
    showModel(options.model, model, print);
    const first = sliceExamples(train, 0, 1); // x_train[:1], y_train[:1]
    const predictions = untrainedPredictions(model, first, print);
    const lossBefore = untrainedLoss(first, predictions, print);
    const batches =
      options.report === undefined
        ? undefined
        : createBatchRecorder(train.count, options.batchSize);
    const { history, trainMs, step, planRefusal } = await fitModel(
      model,
      train,
      options,
      output,
      batches?.onBatchEnd,
    );
    const testCell = { model, test, print };
    const evaluateStart = performance.now();
    const testResult = await evaluateModel(testCell);
    const evaluateMs = performance.now() - evaluateStart;
    await showProbabilities(testCell);
    const confusion = await showConfusionMatrix(testCell);
    const saveError =
      options.save === undefined
        ? undefined
        : await saveTrainedModel(model, options.save, print).then(
            () => undefined,
            (error: unknown) => {
              if (error instanceof SavedModelError) return error.message;
              throw error;
            },
          );
    const reportError =
      options.report === undefined
        ? undefined
        : await writeRunReport(options.report, {
            title: `mnist-notebook --model ${options.model} --epochs ${options.epochs} --seed ${options.seed}`,
            settings: reportSettings(options, train.count, test.count),
            timings: { load: loadMs, train: trainMs, evaluate: evaluateMs },
            batches: batches?.points() ?? [],
            history,
            test: testResult,
            confusion,
            model,
            testExamples: test,
          }).then(
            () => {
              print(`report written to ${options.report}`);
              return undefined;
            },
            (error: unknown) => `--report ${options.report}: ${(error as Error).message}`,
          );
    return {
      model: options.model,
      augment: options.augment,
      seed: options.seed,
      backend,
      data: { train: train.count, test: test.count, loadMs },
      untrainedLoss: lossBefore,
      history,
      step,
      ...(planRefusal !== null && { planRefusal }),
      test: testResult,
      trainMs,
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

/** The run's settings as the report lists them. */
function reportSettings(
  options: NotebookOptions,
  trainCount: number,
  testCount: number,
): Record<string, string | number | boolean> {
  return {
    model: options.model,
    epochs: options.epochs,
    'batch size': options.batchSize,
    seed: options.seed,
    augment: options.augment,
    'training examples': trainCount,
    'test examples': testCount,
  };
}
