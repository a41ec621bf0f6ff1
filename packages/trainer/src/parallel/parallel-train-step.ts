import type { BatchLoss, ClassifierSignature, ModelPlan } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { TrainingThreadError } from '../errors';
import { nextMacrotask } from '../event-loop-yield';
import type { FusedAdam } from '../fused-adam';
import type { StepBatch } from '../train-step';
import { arrive, CONTROL, heartbeat, stopAll, waitAtLeast, wake } from './barrier';
import { GradientExchange } from './gradient-exchange';
import { dropoutStream, ShareMaskRandom } from './share-mask-random';
import { shareOfBatch } from './share-of-batch';
import { type SharedExamples, ShareStep } from './share-step';
import { type AdamSettings, parameterCount, SummedUpdate } from './summed-update';
import type {
  SpawnTrainingThread,
  TrainingThreadHandle,
  TrainingThreadInit,
  TrainingThreadReply,
} from './thread-protocol';

/**
 * How long the coordinator blocks at the barrier before it lets its event loop run, where a
 * helper's death is reported.
 */
const BLOCK_SLICE_MS = 20;

/** How long {@link ParallelTrainStep.close} lets the helpers leave on their own before ending them. */
const STOP_GRACE_MS = 2000;

/**
 * How long a helper may show no sign of life at a barrier before it counts as dead, at least:
 * a helper beats at each step and while it waits, but not while it trains its share, which takes
 * about as long as the coordinator's own (see {@link ParallelTrainStep.meet}).
 */
const STALL_MS = 10_000;

/**
 * How long the helpers may take to start (a page's may first download their script) before the run
 * fails rather than waiting for ever.
 */
const START_TIMEOUT_MS = 60_000;

/**
 * A gap between two looks at the heartbeats longer than this means this thread was not running
 * (a suspended machine, a frozen tab): the silence it saw is its own, not the helpers'.
 */
const PAUSE_MS = 1000;

/** What {@link ParallelTrainStep.start} needs. */
export interface ParallelStepSetup {
  model: LayersModel;
  plan: ModelPlan;
  signature: ClassifierSignature;
  /**
   * The run's optimizer: the default Adam (a FusedAdam), fresh. The threads update the weights
   * themselves, each its share; {@link ParallelTrainStep.close} gives it the state they leave.
   */
  optimizer: FusedAdam;
  seed: number;
  /** Threads in all, this one included: 2 or more. */
  threads: number;
  maxBatch: number;
  /** The training examples, uint8, with labels. */
  bytes: Uint8Array;
  labels: ArrayLike<number>;
  spawn: SpawnTrainingThread;
  /** Called just before each update of this thread's model (the rollback's hook). */
  beforeUpdate?: () => void;
  /** How long a silent helper counts as alive at a barrier, at least (default 10 s; for tests). */
  stallMs?: number;
  /** How long the helpers may take to start (default 60 s; for tests). */
  startTimeoutMs?: number;
  /** The run's signal: aborted while the helpers start, they are ended and `start` gives null. */
  signal?: AbortSignal;
}

/**
 * The coordinator of a data-parallel run, on the thread that called `train` (thread 0): it starts
 * the helpers, and for each step writes the batch's indices, releases the helpers, trains its own
 * share, waits at the barrier and applies the summed update to the caller's model. A helper that
 * fails or ends makes {@link ParallelTrainStep.run} (or `start`) throw a TrainingThreadError.
 */
export class ParallelTrainStep {
  private step = 0;
  private death: TrainingThreadError | null = null;
  private closing = false;
  /** How long this thread's last share took, in ms: a helper's takes about as long. */
  private shareMs = 0;
  /** Resolves once every helper has posted `stopped` (or failed). */
  private stopped: Promise<void> = Promise.resolve();

  private constructor(
    private readonly setup: ParallelStepSetup,
    private readonly exchange: GradientExchange,
    private readonly share: ShareStep,
    private readonly update: SummedUpdate,
    private readonly helpers: TrainingThreadHandle[],
  ) {}

  /** Threads of the run, this one included. */
  get threads(): number {
    return this.setup.threads;
  }

  /**
   * Shares the examples (copied once into shared memory unless they are there already), starts
   * the `threads - 1` helpers and resolves when all are ready; null when `setup.signal` aborts
   * first (the helpers started are ended).
   * @throws TrainingThreadError when a helper fails to start, cannot be spawned, or is not ready
   *   within `startTimeoutMs`; the others are ended first.
   */
  static async start(setup: ParallelStepSetup): Promise<ParallelTrainStep | null> {
    const { model, plan, threads, maxBatch } = setup;
    const examples: SharedExamples = {
      bytes: sharedCopy(setup.bytes),
      labels: sharedLabels(setup.labels),
    };
    const exchange = GradientExchange.allocate(threads, parameterCount(plan.variables), maxBatch);
    const { optimizer } = setup;
    const adam: AdamSettings = {
      learningRate: optimizer.learningRate,
      beta1: optimizer.beta1,
      beta2: optimizer.beta2,
      epsilon: optimizer.epsilon,
    };
    const update = new SummedUpdate(exchange, plan.variables, 0, adam, optimizer.iterations);
    update.writeStart();
    const random = new ShareMaskRandom(dropoutStream(setup.seed));
    const share = new ShareStep(plan, setup.signature, examples, random, maxBatch);
    const weights = model.getWeights().map((weight) => ({
      shape: weight.shape.slice(),
      values: weight.dataSync() as Float32Array,
    }));
    const modelTopology = model.toJSON(null, false);
    const helpers: TrainingThreadHandle[] = [];
    let coordinator: ParallelTrainStep | null = null;
    const left = new Set<number>();
    let allStopped = () => {};
    const stopped = new Promise<void>((resolve) => {
      allStopped = resolve;
    });
    const leave = (index: number) => {
      left.add(index);
      if (left.size === threads - 1) allStopped();
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort = () => {};
    const ready = new Promise<'ready' | 'aborted'>((resolve, reject) => {
      const readyOnes = new Set<number>();
      const died = (index: number, reason: string) => {
        const error = new TrainingThreadError(index, threads, reason);
        if (coordinator === null) reject(error);
        else if (!coordinator.closing && coordinator.death === null) coordinator.death = error;
      };
      const startTimeoutMs = setup.startTimeoutMs ?? START_TIMEOUT_MS;
      timer = setTimeout(() => {
        let late = 1;
        while (readyOnes.has(late)) late++;
        const seconds = (startTimeoutMs / 1000).toFixed(1);
        died(late, `did not start within ${seconds} s (no word from it)`);
      }, startTimeoutMs);
      onAbort = () => resolve('aborted');
      if (setup.signal?.aborted) return resolve('aborted');
      setup.signal?.addEventListener('abort', onAbort, { once: true });
      for (let index = 1; index < threads; index++) {
        const init: TrainingThreadInit = {
          index,
          threads,
          modelTopology,
          weights,
          signature: setup.signature,
          seed: setup.seed,
          adam,
          baseStep: optimizer.iterations,
          maxBatch,
          examples,
          exchange: exchange.buffers,
        };
        try {
          helpers.push(
            setup.spawn(init, {
              message: (reply: TrainingThreadReply) => {
                if (reply.kind === 'failed') {
                  leave(index);
                  died(index, `failed: ${reply.message}`);
                } else if (reply.kind === 'stopped') {
                  leave(index);
                } else {
                  readyOnes.add(index);
                  if (readyOnes.size === threads - 1) resolve('ready');
                }
              },
              // A browser reports no worker's end: a thread that erred is counted as gone.
              error: (error) => {
                leave(index);
                died(index, `failed: ${error.message}`);
              },
              exit: (code) => {
                leave(index);
                died(index, `ended (exit code ${code})`);
              },
            }),
          );
        } catch (error) {
          const message =
            error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          return died(index, `could not be started (${message})`);
        }
      }
    });
    const endHelpers = async () => {
      stopAll(exchange.control);
      await Promise.all(helpers.map((helper) => helper.terminate()));
    };
    let outcome: 'ready' | 'aborted';
    try {
      outcome = await ready;
    } catch (error) {
      await endHelpers();
      throw error;
    } finally {
      clearTimeout(timer);
      setup.signal?.removeEventListener('abort', onAbort);
    }
    if (outcome === 'aborted') {
      await endHelpers();
      return null;
    }
    coordinator = new ParallelTrainStep(setup, exchange, share, update, helpers);
    coordinator.stopped = stopped;
    return coordinator;
  }

  /**
   * One step on `batch` (given as rows of the examples, `byteRows`): the loss and correct count
   * of the whole batch before the update, as the single-threaded step returns them (the loss NaN,
   * and no update anywhere, when any share's was not finite).
   * @throws TrainingThreadError when a helper failed or ended.
   */
  async run(batch: StepBatch): Promise<BatchLoss> {
    const { exchange, setup } = this;
    const { control } = exchange;
    const g = ++this.step;
    const size = batch.size;
    exchange.indices.set(batch.byteRows!.indices as ArrayLike<number>);
    Atomics.store(control, CONTROL.batchSize, size);
    Atomics.store(control, CONTROL.go, g);
    wake(control, CONTROL.go);
    const own = shareOfBatch(size, setup.threads, 0);
    const indices = exchange.indices.subarray(0, size);
    const shareStart = performance.now();
    exchange.writeStats(g, 0, this.share.run(indices, own.start, own.size, exchange.slot(g, 0)));
    this.shareMs = performance.now() - shareStart;
    arrive(control);
    await this.meet(CONTROL.arrived, g * setup.threads);
    const stats = exchange.batchStats(g);
    if (stats.finite) {
      setup.beforeUpdate?.();
      const { update } = this;
      update.update(g, exchange.contributing(g).filter(Boolean).length);
      arrive(control, CONTROL.updated);
      await this.meet(CONTROL.updated, update.applied * setup.threads);
      update.load();
    }
    return { loss: stats.loss, correct: stats.correct };
  }

  /**
   * Waits until `control[slot] >= target`, letting the event loop run every few milliseconds.
   * @throws TrainingThreadError when a helper failed or ended meanwhile, or showed no sign of life
   *   for far longer than a share takes (a browser reports no worker's end: a dead helper is
   *   silent).
   */
  private async meet(slot: number, target: number): Promise<void> {
    const { exchange, setup } = this;
    const { control } = exchange;
    const stallMs = Math.max(setup.stallMs ?? STALL_MS, 10 * this.shareMs);
    const beats = Array.from({ length: setup.threads }, (_, t) => heartbeat(control, t));
    const heard = beats.map(() => performance.now());
    let looked = performance.now();
    for (;;) {
      const met = waitAtLeast(control, slot, target, BLOCK_SLICE_MS);
      if (met === 'reached') return;
      const failure = exchange.failure();
      if (failure !== null) {
        throw new TrainingThreadError(failure.thread, setup.threads, `failed: ${failure.message}`);
      }
      // Blocked long enough for a death to matter: let the helpers' exit events in.
      await nextMacrotask();
      if (this.death !== null) throw this.death;
      const now = performance.now();
      if (now - looked > PAUSE_MS) heard.fill(now);
      looked = now;
      for (let t = 1; t < setup.threads; t++) {
        const count = heartbeat(control, t);
        if (count !== beats[t]) {
          beats[t] = count;
          heard[t] = now;
        } else if (now - heard[t]! > stallMs) {
          const seconds = (stallMs / 1000).toFixed(1);
          throw new TrainingThreadError(
            t,
            setup.threads,
            `stopped responding (silent for ${seconds} s)`,
          );
        }
      }
    }
  }

  /**
   * Puts back the caller's weights from before the last update, when a later check shows it
   * diverged; the run must stop after it (the helpers keep the undone weights). The optimizer state
   * {@link ParallelTrainStep.close} hands over is the one from before that update too.
   * @returns false when no update was made.
   */
  undoLastUpdate(): boolean {
    return this.update.undo();
  }

  /**
   * Stops every helper after its current step and waits until they have ended (those that do not
   * leave within a grace period are ended anyway). Safe to call more than once.
   */
  async close(): Promise<void> {
    const first = !this.closing;
    this.closing = true;
    stopAll(this.exchange.control);
    if (first) {
      const state = this.update.optimizerState();
      if (state !== null) {
        try {
          await this.setup.optimizer.setWeights(state);
        } finally {
          tf.dispose(state.map(({ tensor }) => tensor));
        }
      }
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, STOP_GRACE_MS);
    });
    await Promise.race([this.stopped, grace]);
    clearTimeout(timer);
    await Promise.all(this.helpers.map((helper) => helper.terminate()));
  }
}

/** `bytes` in shared memory: itself when it is there already, else a copy. */
function sharedCopy(bytes: Uint8Array): Uint8Array {
  if (bytes.buffer instanceof SharedArrayBuffer) return bytes;
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  return shared;
}

/** The labels as int32 in shared memory. */
function sharedLabels(labels: ArrayLike<number>): Int32Array {
  const shared = new Int32Array(new SharedArrayBuffer(labels.length * 4));
  for (let i = 0; i < labels.length; i++) shared[i] = labels[i]!;
  return shared;
}
