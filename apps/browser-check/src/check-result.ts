import type { WasmBackendReport } from '@mnist-wasm/backend';

/** What the page measured; `run-in-chromium.mjs` checks it. */
export interface CheckResult {
  backend: WasmBackendReport;
  activeBackend: string;
  /** `readIdx(...).dims` of the MNIST test labels file. */
  testLabelDims: number[];
  batchMatchesNormalize: boolean;
  trainLoss: number[];
  trainAccuracy: number[];
  testLoss: number;
  testAccuracy: number;
  testCount: number;
  /** Tensors alive after training (optimizer disposed) and evaluating, beyond the model's own. */
  leakedTensors: number;
  /** The model `mnist-notebook --save` wrote, loaded with `tf.loadLayersModel` in the page. */
  savedModel: SavedModelResult;
}

/** Predictions of a saved model loaded over HTTP, and again after an IndexedDB round trip. */
export interface SavedModelResult {
  /** `getClassName()` of each layer of the model loaded from `model/model.json`. */
  layerClassNames: string[];
  /** Softmax probabilities `[image][class]` for MNIST test images 0, 1, ... */
  probabilities: number[][];
  /** The predicted class of each image: the argmax of its probabilities. */
  predicted: number[];
  /** The same two after `model.save('indexeddb://...')` and `tf.loadLayersModel` of that URL. */
  indexedDbLayerClassNames: string[];
  indexedDbProbabilities: number[][];
  /** Tensors alive after both models are disposed, beyond those alive before loading. */
  leakedTensors: number;
}

export type CheckOutcome = { ok: true; result: CheckResult } | { ok: false; error: string };

declare global {
  interface Window {
    /** Set once the page has finished, successfully or not. */
    mnistCheck?: CheckOutcome;
  }
}
