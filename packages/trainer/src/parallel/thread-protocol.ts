import type { ClassifierSignature } from '@mnist-wasm/model';
import type { ExchangeBuffers } from './gradient-exchange';
import type { SharedExamples } from './share-step';
import type { AdamSettings } from './summed-update';

/**
 * What a training thread is started with (structured-cloneable: the shared buffers are shared,
 * the rest copied once).
 */
export interface TrainingThreadInit {
  /** The thread's index, 1 to `threads - 1` (0 is the thread that called `train`). */
  index: number;
  threads: number;
  /** The model's topology, `model.toJSON(null, false)`. */
  modelTopology: unknown;
  /** Every weight of the model (`model.getWeights()` order) as it is when training starts. */
  weights: { shape: number[]; values: Float32Array }[];
  signature: ClassifierSignature;
  /** The run's seed: the dropout stream is derived from it as `train` derives it. */
  seed: number;
  /** The settings of the run's default Adam, whose update every thread runs on its share. */
  adam: AdamSettings;
  /** The Adam step count when the run started. */
  baseStep: number;
  maxBatch: number;
  examples: SharedExamples;
  exchange: ExchangeBuffers;
  /**
   * Test-only fault: the thread with index 1 ends itself abruptly at this step (1-based count of
   * the run's steps), as a crash would. The Node entry reads it from
   * `MNIST_WASM_FAULT_KILL_WORKER_AT_STEP`.
   */
  killAtStep?: number;
  /** Test-only: the thread posts its final weights with `stopped`, to compare with the caller's. */
  reportWeights?: boolean;
}

/** What a training thread posts to the thread that started it. */
export type TrainingThreadReply =
  | { kind: 'ready' }
  | { kind: 'failed'; message: string }
  /** Left its loop when the run stopped; `weights` only with `reportWeights`. */
  | { kind: 'stopped'; weights?: Float32Array[] };

/** Events of a started training thread, as its spawner reports them. */
export interface TrainingThreadEvents {
  message(reply: TrainingThreadReply): void;
  /** The thread threw outside the protocol (an uncaught error). */
  error(error: Error): void;
  /** The thread ended (Node reports an exit code; a browser's workers never report one). */
  exit(code: number): void;
}

/** A started training thread. */
export interface TrainingThreadHandle {
  /** Ends the thread; resolves once it has ended where the platform says so. */
  terminate(): Promise<unknown> | undefined;
}

/**
 * Starts one training thread with `init` and reports its events: `spawnNodeTrainingThread` of
 * `@mnist-wasm/trainer/node` on Node (worker_threads), a Web Worker running
 * `runTrainingThread` in a page.
 */
export type SpawnTrainingThread = (
  init: TrainingThreadInit,
  events: TrainingThreadEvents,
) => TrainingThreadHandle;
