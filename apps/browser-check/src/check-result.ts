import type { WasmBackendReport } from '@mnist-wasm/backend';

/**
 * The kinds of model the check covers, as the notebook app's `--model` names them: the notebook's
 * MLP (`createMnistMlp`) and the small convnet (`createMnistCnn`).
 */
export type ModelKind = 'mlp' | 'cnn';

/** What the page measured; `run-in-chromium.mjs` checks it. */
export interface CheckResult {
  backend: WasmBackendReport;
  activeBackend: string;
  batchMatchesNormalize: boolean;
  /** Each kind of model trained and evaluated in the page. */
  training: Record<ModelKind, TrainingResult>;
  /** The model of each kind `mnist-notebook --save` wrote, loaded with `tf.loadLayersModel`. */
  savedModels: Record<ModelKind, SavedModelResult>;
}

/** A model built, trained with `train()` and evaluated with `evaluate()` in the page. */
export interface TrainingResult {
  /** Epochs of training; `trainLoss` and `trainAccuracy` have one entry each. */
  epochs: number;
  /** Mean loss on the test examples of the model before training. */
  untrainedTestLoss: number;
  trainLoss: number[];
  trainAccuracy: number[];
  testLoss: number;
  testAccuracy: number;
  testCount: number;
  /**
   * Tensors alive after evaluating, training (optimizer disposed) and evaluating again, beyond
   * the model's own.
   */
  leakedTensors: number;
}

/** Predictions of a saved model loaded over HTTP, and again after an IndexedDB round trip. */
export interface SavedModelResult {
  /** `getClassName()` of each layer of the model loaded from `model/<kind>/model.json`. */
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
