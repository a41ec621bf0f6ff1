// Loads the model the notebook app saved (served under model/) the way a web app would, with
// tf.loadLayersModel over HTTP, and again after a round trip through IndexedDB.
import type { UnlabeledExamples } from '@mnist-wasm/dataset';
import { predict } from '@mnist-wasm/evaluator';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { SavedModelResult } from './check-result';

const MODEL_URL = 'model/model.json';
const INDEXEDDB_URL = 'indexeddb://mnist-wasm-check';

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
 * Classifies `examples` (MNIST test images) with the served model, and with the same model after
 * `model.save('indexeddb://...')` and loading it back.
 */
export async function checkSavedModel(examples: UnlabeledExamples): Promise<SavedModelResult> {
  const tensorsBefore = tf.memory().numTensors;

  const served = await tfl.loadLayersModel(new URL(MODEL_URL, location.href).href);
  const { probabilities, predicted } = await classify(served, examples);
  const layerClassNames = served.layers.map((layer) => layer.getClassName());
  await served.save(INDEXEDDB_URL);
  served.dispose();

  const stored = await tfl.loadLayersModel(INDEXEDDB_URL);
  const indexedDbProbabilities = (await classify(stored, examples)).probabilities;
  const indexedDbLayerClassNames = stored.layers.map((layer) => layer.getClassName());
  stored.dispose();
  await tf.io.removeModel(INDEXEDDB_URL);

  return {
    layerClassNames,
    probabilities,
    predicted,
    indexedDbLayerClassNames,
    indexedDbProbabilities,
    leakedTensors: tf.memory().numTensors - tensorsBefore,
  };
}
