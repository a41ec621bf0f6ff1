// The messages between the page (src/main.ts) and the training worker
// (src/worker/training-worker.ts). Every message is structured-clone data: typed arrays, plain
// objects, `File`s and `ImageData`. The cells' results are the pipeline's (@mnist-wasm/pipeline),
// posted as they come.
import type { WasmBackendReport } from '@mnist-wasm/backend';
import type { DatasetName } from '@mnist-wasm/dataset';
import type { ConfusionMatrix } from '@mnist-wasm/evaluator';
import type {
  DataDescription,
  ExampleProbabilities,
  FitEvent,
  Mistakes,
  ModelKind,
  TestResult,
  UntrainedResult,
} from '@mnist-wasm/pipeline';
import type { TrainHistory } from '@mnist-wasm/trainer';

export type { ModelKind };

/**
 * The data set the page trains and evaluates on: one of the MNIST family by name, or `'own'`: IDX
 * files in the MNIST layout at `url`, named by the `classes.txt` there if any.
 */
export interface DataChoice {
  set: DatasetName | 'own';
  /**
   * Absolute http(s) URL of the folder holding the four `.gz` files; `''` for MNIST, whose files
   * are in the build (`mnist/` beside the page).
   */
  url: string;
}

/** What the page's controls ask for. */
export interface RunConfig {
  data: DataChoice;
  model: ModelKind;
  epochs: number;
  batchSize: number;
  seed: number;
  /** Training examples, the first ones of the data set's (60,000 for the MNIST family). */
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

/**
 * Test-only faults, asked for in the page's URL (`?fault=...`): 'thread-script' starts every
 * helper thread from a script that does not exist.
 */
export type PageFault = 'thread-script';

export type PageToWorker =
  /**
   * First message: `baseUrl` is the page's URL; the worker fetches `wasm/` and `mnist/` below it.
   * `threads`: the threads the URL asks for (`?threads=N`), else the worker's default.
   */
  | { type: 'init'; baseUrl: string; threads?: number; fault?: PageFault }
  /** Runs the notebook's cells with a fresh model: data, model, untrained, fit, evaluate... */
  | { type: 'run'; config: RunConfig }
  /** Stops loading or training at the end of the current batch; the remaining cells still run. */
  | { type: 'stop' }
  /** Classifies a drawing: the pad's pixels, any size, any polarity. */
  | { type: 'predict'; id: number; image: ImageData }
  /** Saves the current model: returns its files and stores it in IndexedDB. */
  | { type: 'save' }
  /** Loads a model from `model.json` and its weight file(s), and evaluates it on `data`'s test set. */
  | { type: 'load-files'; files: File[]; data: DataChoice }
  /** Loads the model Save stored in IndexedDB, and evaluates it on `data`'s test set. */
  | { type: 'load-indexeddb'; data: DataChoice };

export type WorkerToPage =
  | {
      type: 'ready';
      backend: WasmBackendReport;
      crossOriginIsolated: boolean;
      hardwareConcurrency: number;
      /** Threads every run asks the trainer for (see src/worker/thread-count.ts). */
      threads: number;
      /** Why the page trains on one thread although the machine has more cores; else null. */
      oneThreadWhy: string | null;
      /** The largest batch each kind of model trains with: the trainer's `maxTrainBatchSize`. */
      batchBounds: Record<ModelKind, number>;
    }
  | { type: 'status'; text: string; busy: boolean }
  /** Whether IndexedDB holds a saved model: at start-up and after each Save. */
  | { type: 'stored'; indexedDb: boolean }
  /** After `ready`: the pretrained model (`name`) is loading; `pretrained` or `pretrained-failed` follows. */
  | { type: 'pretrained-loading'; name: string }
  /** The pretrained model (`name`) loaded: it answers the pad until a run or a load replaces it. */
  | { type: 'pretrained'; name: string; classNames: string[] }
  /** The pretrained model could not be built (said only while no run or load set a model). */
  | { type: 'pretrained-failed'; name: string }
  /** In [1]: the data: its title ("Fashion-MNIST") and class names, class 0 first. */
  | ({ type: 'data'; loadMs: number; title: string; classNames: string[] } & DataDescription)
  /**
   * In [2]: the model in Keras notation (none for a loaded one), its `summary()` and its class
   * names (the data set's for a model trained here, the saved ones or digits for a loaded one).
   */
  | {
      type: 'model';
      kind: ModelKind | 'loaded';
      code: string | null;
      summary: string;
      classNames: string[];
    }
  /**
   * A loaded model is about to be evaluated on `title`'s test set, whose classes are `classNames`
   * (class 0 first; the test cells name the true labels by them, the predictions by the model's);
   * `mismatch` says, when it was trained on another set, why its accuracy says little
   * (src/worker/dataset-mismatch.ts).
   */
  | { type: 'evaluation-set'; title: string; classNames: string[]; mismatch: string | null }
  /** In [3] and [4]: the untrained model on x_train[:1]. */
  | ({ type: 'untrained' } & UntrainedResult)
  /** In [5]: training begins; then the fit's own events, each batch with its own values. */
  | {
      type: 'fit-begin';
      epochs: number;
      steps: number;
      trainCount: number;
      validationCount: number;
    }
  | FitEvent
  /** `threads`: what the run trained on; `threadRefusal`: why one although more were asked for. */
  | {
      type: 'fit-end';
      history: TrainHistory;
      trainMs: number;
      stopped: boolean;
      threads: number;
      threadRefusal: string | null;
    }
  /** In [6]: `model.evaluate(x_test, y_test)`; `keras` only for the notebook's own run. */
  | ({ type: 'evaluated' } & TestResult)
  /** In [7]: x_test[:5] with their probabilities. */
  | { type: 'probabilities'; items: ExampleProbabilities[] }
  /** In [8]: `counts[true][predicted]` over the whole test set. */
  | { type: 'confusion'; matrix: ConfusionMatrix }
  /** The test digits the model got wrong with the highest probability of the wrong class. */
  | ({ type: 'misclassified' } & Mistakes)
  /** The run (or a load) ended; `stopped` when Stop cut training short. */
  | { type: 'done'; stopped: boolean }
  /** Answer to `predict`: the 28x28 image the model saw and its ten probabilities. */
  | {
      type: 'prediction';
      id: number;
      pixels: Uint8Array;
      probabilities: Float32Array;
      predicted: number;
    }
  | { type: 'prediction-error'; id: number; message: string }
  /** Answer to `save`: the files to download (TF.js layers format) and where it was stored. */
  | {
      type: 'saved';
      modelJson: string;
      weights: Uint8Array;
      weightsName: string;
      indexedDb: string;
    }
  | { type: 'error'; during: string; message: string };

/** The message of `type`. */
export type MessageOf<T extends WorkerToPage['type']> = Extract<WorkerToPage, { type: T }>;
