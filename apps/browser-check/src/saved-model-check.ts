// Loads the model the notebook app saved (served under model/) the way a web app would, with
// tf.loadLayersModel over HTTP, and again after a round trip through IndexedDB.
import { normalize } from '@mnist-wasm/dataset';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { SavedModelResult } from './check-result';

const MODEL_URL = 'model/model.json';
const INDEXEDDB_URL = 'indexeddb://mnist-wasm-check';

/** Softmax probabilities `[n][classes]` of `model` for `n` images of `rows * cols` pixels. */
function probabilitiesOf(
  model: tfl.LayersModel,
  pixels: Float32Array,
  n: number,
  rows: number,
  cols: number,
): number[][] {
  return tf.tidy(() => {
    const logits = model.predict(tf.tensor3d(pixels, [n, rows, cols])) as tf.Tensor2D;
    return tf.softmax(logits).arraySync();
  });
}

/**
 * Classifies the first `n` images of `images` (raw MNIST test pixels) with the served model, and
 * with the same model after `model.save('indexeddb://...')` and loading it back.
 */
export async function checkSavedModel(
  images: Uint8Array,
  n: number,
  rows: number,
  cols: number,
): Promise<SavedModelResult> {
  const pixels = normalize(images.subarray(0, n * rows * cols));
  const tensorsBefore = tf.memory().numTensors;

  const served = await tfl.loadLayersModel(new URL(MODEL_URL, location.href).href);
  const probabilities = probabilitiesOf(served, pixels, n, rows, cols);
  const layerClassNames = served.layers.map((layer) => layer.getClassName());
  await served.save(INDEXEDDB_URL);
  served.dispose();

  const stored = await tfl.loadLayersModel(INDEXEDDB_URL);
  const indexedDbProbabilities = probabilitiesOf(stored, pixels, n, rows, cols);
  const indexedDbLayerClassNames = stored.layers.map((layer) => layer.getClassName());
  stored.dispose();
  await tf.io.removeModel(INDEXEDDB_URL);

  return {
    layerClassNames,
    probabilities,
    indexedDbLayerClassNames,
    indexedDbProbabilities,
    leakedTensors: tf.memory().numTensors - tensorsBefore,
  };
}
