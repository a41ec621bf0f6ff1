// Loads a model the notebook app saved (served under model/<kind>/) the way a web app would, with
// tf.loadLayersModel over HTTP, and again after a round trip through IndexedDB.
import type { UnlabeledExamples } from '@mnist-wasm/dataset';
import { predict } from '@mnist-wasm/evaluator';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ModelKind, SavedModelResult } from './check-result';

/** Softmax probabilities `[example][class]` of `model` for `examples`, and their argmax. */
async function classify(
  model: tfl.LayersModel,
  examples: UnlabeledExamples,
): Promise<{ probabilities: number[][]; predicted: number[] }> {
  const predictions = await predict(model, examples);
  return {
    probabilities: predictions.map((prediction) => Array.from(prediction.probabilities)),
    predicted: predictions.map((prediction) => prediction.predicted),
  };
}

/**
 * Classifies `examples` (MNIST test images) with the served model of `kind`, and with the same
 * model after `model.save('indexeddb://...')` and loading it back.
 */
export async function checkSavedModel(
  kind: ModelKind,
  examples: UnlabeledExamples,
): Promise<SavedModelResult> {
  const modelUrl = new URL(`model/${kind}/model.json`, location.href).href;
  const indexedDbUrl = `indexeddb://mnist-wasm-check-${kind}`;
  const tensorsBefore = tf.memory().numTensors;

  const served = await tfl.loadLayersModel(modelUrl);
  const { probabilities, predicted } = await classify(served, examples);
  const layerClassNames = served.layers.map((layer) => layer.getClassName());
  await served.save(indexedDbUrl);
  served.dispose();

  const stored = await tfl.loadLayersModel(indexedDbUrl);
  const indexedDbProbabilities = (await classify(stored, examples)).probabilities;
  const indexedDbLayerClassNames = stored.layers.map((layer) => layer.getClassName());
  stored.dispose();
  await tf.io.removeModel(indexedDbUrl);

  return {
    layerClassNames,
    probabilities,
    predicted,
    indexedDbLayerClassNames,
    indexedDbProbabilities,
    leakedTensors: tf.memory().numTensors - tensorsBefore,
  };
}
