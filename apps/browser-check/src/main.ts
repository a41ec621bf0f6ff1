// The page of the browser check: loads MNIST over HTTP (fetchMnist), trains the notebook's MLP and the small
// convnet for a few steps on the SIMD WASM backend, classifies test images with the model of each
// kind the notebook app saved and publishes what happened on `window.mnistCheck`.
// Nothing here registers gradients: tfjs-layers' ESM entry does (it imports tfjs-core's
// register_all_gradients), so an app that builds a layers model can train it in a bundle too.
import { initWasmBackend } from '@mnist-wasm/backend';
import {
  type Examples,
  exampleSize,
  fetchMnist,
  gatherBatch,
  normalize,
  range,
  sliceExamples,
} from '@mnist-wasm/dataset';
import { evaluate } from '@mnist-wasm/evaluator';
import { createMnistCnn, createMnistMlp } from '@mnist-wasm/model';
import { train } from '@mnist-wasm/trainer';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { CheckResult, ModelKind, SavedModelResult, TrainingResult } from './check-result';
import { checkSavedModel } from './saved-model-check';

const TRAIN_EXAMPLES = 1024;
const TEST_EXAMPLES = 500;
/** Test images the saved models classify; run-in-chromium.mjs compares them with the app's. */
const SAVED_MODEL_IMAGES = 5;

/** The models the page trains, one of each kind, and how long. */
const MODELS: Record<ModelKind, { create: () => tfl.LayersModel; epochs: number }> = {
  mlp: { create: () => createMnistMlp({ seed: 1 }), epochs: 2 },
  cnn: { create: () => createMnistCnn({ seed: 1 }), epochs: 1 },
};
const KINDS = Object.keys(MODELS) as ModelKind[];

/** Builds the model of `kind`, evaluates it, trains it on `trainSplit` and evaluates it again. */
async function trainModel(
  kind: ModelKind,
  trainSplit: Examples,
  testSplit: Examples,
): Promise<TrainingResult> {
  const { create, epochs } = MODELS[kind];
  const model = create();
  try {
    const tensorsBefore = tf.memory().numTensors;
    const untrained = await evaluate(model, testSplit);
    const { history, optimizer } = await train(model, trainSplit, { epochs, seed: 1 });
    optimizer.dispose();
    const evaluation = await evaluate(model, testSplit);
    return {
      epochs,
      untrainedTestLoss: untrained.loss,
      trainLoss: history.loss,
      trainAccuracy: history.accuracy,
      testLoss: evaluation.loss,
      testAccuracy: evaluation.accuracy,
      testCount: evaluation.count,
      leakedTensors: tf.memory().numTensors - tensorsBefore,
    };
  } catch (error) {
    throw new Error(`training the ${kind}: ${String(error)}`, { cause: error });
  } finally {
    model.dispose();
  }
}

/** One result per kind of model, computed one kind after the other. */
async function forEachKind<T>(
  compute: (kind: ModelKind) => Promise<T>,
): Promise<Record<ModelKind, T>> {
  const results: Partial<Record<ModelKind, T>> = {};
  for (const kind of KINDS) results[kind] = await compute(kind);
  return results as Record<ModelKind, T>;
}

async function run(): Promise<CheckResult> {
  const backend = await initWasmBackend({ wasmPaths: new URL('wasm/', location.href).href });
  const { train: trainSplit, test: testSplit } = await fetchMnist(
    new URL('mnist/', location.href).href,
    { trainLimit: TRAIN_EXAMPLES, testLimit: TEST_EXAMPLES },
  );

  // A batch is the normalized pixels of its examples.
  const batch = gatherBatch(testSplit, range(0, 4));
  const expected = normalize(testSplit.features.subarray(0, 4 * exampleSize(testSplit.shape)));
  const batchMatchesNormalize = batch.features.every((value, i) => value === expected[i]);

  const training = await forEachKind((kind) => trainModel(kind, trainSplit, testSplit));

  const savedModelImages = sliceExamples(testSplit, 0, SAVED_MODEL_IMAGES);
  const savedModels = await forEachKind(
    (kind): Promise<SavedModelResult> =>
      checkSavedModel(kind, savedModelImages).catch((error: unknown) => {
        throw new Error(`loading the app's saved ${kind}: ${String(error)}`, { cause: error });
      }),
  );
  return {
    backend,
    activeBackend: tf.getBackend(),
    batchMatchesNormalize,
    training,
    savedModels,
  };
}

const log = document.getElementById('log')!;
run().then(
  (result) => {
    log.textContent = JSON.stringify(result, null, 2);
    window.mnistCheck = { ok: true, result };
  },
  (error: unknown) => {
    const message =
      error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error);
    log.textContent = message;
    window.mnistCheck = { ok: false, error: message };
  },
);
