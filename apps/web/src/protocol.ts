// The messages between the page (src/main.ts) and the training worker
// (src/worker/training-worker.ts). Every message is structured-clone data: typed arrays, plain
// objects, `File`s and `ImageData`; pixel arrays are transferred, not copied, where that is safe.
import type { WasmBackendReport } from '@mnist-wasm/backend';
import type { EpochLogs, TrainHistory } from '@mnist-wasm/trainer';

/** The two models of the notebook app: its MLP, or the model factory's small convnet. */
export type ModelKind = 'mlp' | 'cnn';

/** What the page's controls ask for. */
export interface RunConfig {
  model: ModelKind;
  epochs: number;
  batchSize: number;
  seed: number;
  /** Training examples, the first ones of MNIST's 60,000. */
  trainLimit: number;
  /** Random affine and elastic distortions of every training batch (the trainer's defaults). */
  augment: boolean;
}

/**
 * Test images evaluated after every epoch (`valLoss`, `valAccuracy`): the first ones of the test
 * set, passed as the trainer's `validationData`, so the training set stays the size asked for.
 */
export const VALIDATION_EXAMPLES = 2000;
/** Training images shown in the data cell. */
export const SAMPLE_DIGITS = 24;
/** Test images the probability cell shows: `x_test[:5]`. */
export const PROBABILITY_EXAMPLES = 5;
/** Misclassified test digits shown, the most confident mistakes first. */
export const MISCLASSIFIED_SHOWN = 12;
/** Where Save stores the model in the browser, and Load reads it from. */
export const INDEXED_DB_URL = 'indexeddb://mnist-wasm-web';

/** A 28x28 digit, uint8 0-255, white ink on black, row by row. */
export type Pixels = Uint8Array;

export type PageToWorker =
  /** First message: `baseUrl` is the page's URL; the worker fetches `wasm/` and `mnist/` below it. */
  | { type: 'init'; baseUrl: string }
  /** Runs the notebook's cells with a fresh model: data, model, untrained, fit, evaluate... */
  | { type: 'run'; config: RunConfig }
  /** Stops training at the end of the current batch; the remaining cells still run. */
  | { type: 'stop' }
  /** Classifies a drawing: the pad's pixels, any size, any polarity. */
  | { type: 'predict'; id: number; image: ImageData }
  /** Saves the current model: returns its files and stores it in IndexedDB. */
  | { type: 'save' }
  /** Loads a model from `model.json` and its weight file(s), as the user picked them. */
  | { type: 'load-files'; files: File[] }
  /** Loads the model Save stored in IndexedDB. */
  | { type: 'load-indexeddb' };

export type WorkerToPage =
  | {
      type: 'ready';
      backend: WasmBackendReport;
      crossOriginIsolated: boolean;
      hardwareConcurrency: number;
    }
  | { type: 'status'; text: string; busy: boolean }
  /** In [1]: the data. */
  | {
      type: 'data';
      train: { count: number; shape: number[] };
      test: { count: number; shape: number[] };
      loadMs: number;
      samples: { pixels: Pixels; label: number }[];
    }
  /** In [2]: the model's summary, as `summary()` prints it. */
  | { type: 'model'; kind: ModelKind | 'loaded'; summary: string }
  /** In [3] and [4]: the untrained model on x_train[:1]. */
  | {
      type: 'untrained';
      pixels: Pixels;
      label: number;
      logits: number[];
      probabilities: number[];
      loss: number;
      /** -ln(1/10): the loss of a uniform guess. */
      uniformLoss: number;
    }
  /** In [5]: training progress. */
  | {
      type: 'fit-begin';
      epochs: number;
      steps: number;
      trainCount: number;
      validationCount: number;
    }
  | { type: 'epoch-begin'; epoch: number; epochs: number; steps: number }
  | {
      type: 'batch';
      epoch: number;
      step: number;
      steps: number;
      /** This batch's loss and accuracy (training mode). */
      loss: number;
      accuracy: number;
      /** The epoch's running means so far, as Keras's progress bar shows them. */
      epochLoss: number;
      epochAccuracy: number;
      msPerStep: number;
    }
  | { type: 'epoch-end'; epoch: number; logs: EpochLogs }
  | { type: 'fit-end'; history: TrainHistory; trainMs: number; stopped: boolean }
  /** In [6]: `model.evaluate(x_test, y_test)`. */
  | { type: 'evaluated'; loss: number; accuracy: number; count: number }
  /** In [7]: x_test[:5] with their probabilities. */
  | {
      type: 'probabilities';
      items: { pixels: Pixels; label: number; predicted: number; probabilities: number[] }[];
    }
  /** In [8]: `counts[true][predicted]` over the whole test set. */
  | { type: 'confusion'; counts: number[][]; accuracy: number }
  /** The test digits the model got wrong with the highest probability of the wrong class. */
  | {
      type: 'misclassified';
      items: { pixels: Pixels; label: number; predicted: number; probability: number }[];
      total: number;
    }
  /** The run (or a load) ended; `stopped` when Stop cut training short. */
  | { type: 'done'; stopped: boolean; trainMs?: number }
  /** Answer to `predict`: the 28x28 image the model saw and its ten probabilities. */
  | {
      type: 'prediction';
      id: number;
      pixels: Pixels;
      probabilities: number[];
      predicted: number;
    }
  | { type: 'prediction-error'; id: number; message: string }
  /** Answer to `save`: the files to download (TF.js layers format) and where it was stored. */
  | { type: 'saved'; modelJson: string; weights: ArrayBuffer; indexedDb: string }
  | { type: 'error'; during: string; message: string };
