import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { NonFiniteWeightError } from './errors';
import { firstNonFiniteWeight } from './finite-weights';
import {
  PRETRAINED_MODEL_JSON,
  PRETRAINED_TRAINING_OUTPUT,
  PRETRAINED_WEIGHTS_BASE64,
} from './pretrained/weights.generated';

/**
 * What the pretrained model is, for a page or a CLI to say which model answers: the convnet of
 * `createMnistCnn()` trained on augmented MNIST by `pnpm train:pretrained` (seeded), with the
 * MNIST test loss and accuracy that run printed.
 */
export const PRETRAINED_MNIST = {
  /** A short name to show: `'pretrained convnet'`. */
  name: 'pretrained convnet',
  /** What the training run printed: its MNIST test loss and accuracy. */
  trainingOutput: PRETRAINED_TRAINING_OUTPUT,
} as const;

/** Where the model comes from, named in errors. */
const SOURCE = '@mnist-wasm/model pretrained weights';

/**
 * The pretrained MNIST convnet, ready to predict: `createMnistCnn()`'s layers with weights trained
 * on randomly rotated, scaled and shifted MNIST digits, so it reads hand-drawn digits too. The
 * weights are part of this package (no download, no file access), so it loads the same in Node,
 * a browser and a Web Worker, on whatever TF.js backend is active.
 *
 * Input: `[batch, 28, 28, 1]` float32 pixels in [0, 1], white digit on black, laid out as MNIST's
 * (a `[batch, 28, 28]` tensor is not accepted: add the channel axis). Output: `[batch, 10]`
 * logits, class `d` the digit `d` (apply softmax, or `withSoftmax`, for probabilities).
 *
 * Each call builds a new model; the caller owns it and frees its weights with `model.dispose()`.
 *
 * @returns A compiled-free `tf.LayersModel` (compile it before `fit` or `evaluate`).
 * @throws NonFiniteWeightError when the embedded weights hold NaN or Infinity (a broken build).
 *
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { loadPretrainedMnist } from '@mnist-wasm/model';
 *
 * const model = await loadPretrainedMnist();
 * const digit = tf.tidy(() => (model.predict(pixels.reshape([1, 28, 28, 1])) as tf.Tensor).argMax(-1));
 * ```
 */
export async function loadPretrainedMnist(): Promise<tfl.LayersModel> {
  const modelJson = PRETRAINED_MODEL_JSON as unknown as tf.io.ModelJSON;
  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const weights = base64Bytes(PRETRAINED_WEIGHTS_BASE64);
  const bad = firstNonFiniteWeight(weightSpecs, weights);
  if (bad) {
    throw new NonFiniteWeightError(
      SOURCE,
      bad.name,
      `The pretrained model's weight '${bad.name}' holds ${bad.count} NaN or infinite value(s): ` +
        'the package was built from broken weights. Run `pnpm train:pretrained` and rebuild.',
    );
  }
  return tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs,
      weightData: weights.buffer as ArrayBuffer,
      format: modelJson.format,
      generatedBy: modelJson.generatedBy,
      convertedBy: modelJson.convertedBy,
    }),
  );
}

/** Decodes base64 with `atob`, which Node (16+), browsers and workers all have. */
function base64Bytes(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
