import type { Examples } from '@mnist-wasm/dataset';
import { evaluate } from '@mnist-wasm/evaluator';
import type * as tfl from '@tensorflow/tfjs-layers';
import { KERAS_NOTEBOOK_RESULT } from './keras-notebook';

/** What {@link evaluateModel} returns. */
export interface TestResult {
  /** Mean sparse cross-entropy over the test examples (inference mode), >= 0. */
  loss: number;
  /** Fraction of the test examples classified correctly, 0-1. */
  accuracy: number;
  /** Number of test examples. */
  count: number;
  /** Wall-clock milliseconds of the evaluation. */
  ms: number;
  /** The Keras notebook's own result, to show beside it; null unless `quoteKeras`. */
  keras: typeof KERAS_NOTEBOOK_RESULT | null;
}

/**
 * In [6]: `model.evaluate(x_test, y_test, verbose=2)`: loss and accuracy over every test example
 * in inference mode (dropout off).
 *
 * @param test - Labelled examples the model takes: `[10000, 28, 28]` uint8 for MNIST's test split.
 * @param options.quoteKeras - Whether to return the notebook's own figures in `keras`: only for
 *   the notebook's run (see `isKerasNotebookRun`), the one they compare with. Default false.
 * @param options.batchSize - Examples per forward pass (the evaluator's default when absent).
 * @throws The evaluator's errors: ExamplesError for examples that do not fit the model,
 *   NonFiniteModelWeightError for a model with NaN or infinite weights.
 *
 * @example
 * ```ts
 * const result = await evaluateModel(model, test, { quoteKeras: true });
 * // { loss: 0.077, accuracy: 0.976, count: 10000, ms: 150, keras: { loss: 0.0733, accuracy: 0.9768 } }
 * ```
 */
export async function evaluateModel(
  model: tfl.LayersModel,
  test: Examples,
  options: { quoteKeras?: boolean; batchSize?: number } = {},
): Promise<TestResult> {
  const start = performance.now();
  const result = await evaluate(
    model,
    test,
    options.batchSize === undefined ? {} : { batchSize: options.batchSize },
  );
  return {
    loss: result.loss,
    accuracy: result.accuracy,
    count: result.count,
    ms: performance.now() - start,
    keras: options.quoteKeras ? KERAS_NOTEBOOK_RESULT : null,
  };
}
