import { CONTROL, CONTROL_WORDS } from './barrier';

/**
 * The shared buffers of a data-parallel run, sent to every thread once at its start (they are
 * `SharedArrayBuffer`s: every thread views the same memory, nothing is copied per step).
 */
export interface ExchangeBuffers {
  readonly threads: number;
  /** Trainable parameters of the model: the length of one thread's gradient slot. */
  readonly parameters: number;
  /** The largest batch of the run: the length of the index list. */
  readonly maxBatch: number;
  readonly control: SharedArrayBuffer;
  readonly indices: SharedArrayBuffer;
  /**
   * A shared WebAssembly memory (its buffer a `SharedArrayBuffer`) holding, as float32: the
   * gradient slots; the weights, flattened, in two sets taking turns (update `u` writes set
   * `u mod 2`); Adam's first and second moments likewise. The update loop runs in it in place.
   */
  readonly memory: WebAssembly.Memory;
  readonly stats: SharedArrayBuffer;
  readonly errorText: SharedArrayBuffer;
}

/** What one thread's share of a step measured (as {@link GradientExchange.writeStats} stores it). */
export interface ShareStats {
  /** The share's mean loss, NaN when its loss or a check was not finite. */
  loss: number;
  correct: number;
  /** Rows in the share. */
  size: number;
}

/** Float64 values per thread per step in the stats buffer: loss, correct, size. */
const STATS_WORDS = 3;
/** Bytes of a failed thread's message. */
const ERROR_BYTES = 2048;

/**
 * Where the threads of a data-parallel run meet each step: the control words, the batch's example
 * indices, and per thread a slot for its gradients (all variables concatenated in the plan's
 * order) and its loss and correct count; and the weights and Adam's moments, of which each thread
 * updates its own share. Slots come in two sets, by step parity; the weights and moments too, by
 * update parity, so that the set from before the last update is still there to undo it.
 */
export class GradientExchange {
  readonly control: Int32Array;
  readonly indices: Int32Array;
  /** Every gradient slot: {@link GradientExchange.slotAt} says where one starts. */
  readonly gradients: Float32Array;
  private readonly weights: Float32Array;
  private readonly moments: Float32Array;
  private readonly stats: Float64Array;
  private readonly errorText: Uint8Array;

  constructor(readonly buffers: ExchangeBuffers) {
    this.control = new Int32Array(buffers.control);
    this.indices = new Int32Array(buffers.indices);
    const { memory, threads, parameters } = buffers;
    const slots = 2 * threads * parameters;
    this.gradients = new Float32Array(memory.buffer, 0, slots);
    this.weights = new Float32Array(memory.buffer, slots * 4, 2 * parameters);
    this.moments = new Float32Array(memory.buffer, (slots + 2 * parameters) * 4, 4 * parameters);
    this.stats = new Float64Array(buffers.stats);
    this.errorText = new Uint8Array(buffers.errorText);
  }

  /**
   * New shared buffers for `threads` threads, `parameters` trainable values and batches of at
   * most `maxBatch` rows.
   */
  static allocate(threads: number, parameters: number, maxBatch: number): GradientExchange {
    return new GradientExchange({
      threads,
      parameters,
      maxBatch,
      control: new SharedArrayBuffer((CONTROL_WORDS + threads) * 4),
      indices: new SharedArrayBuffer(maxBatch * 4),
      memory: sharedMemory((2 * threads + 6) * parameters * 4),
      stats: new SharedArrayBuffer(2 * threads * STATS_WORDS * 8),
      errorText: new SharedArrayBuffer(ERROR_BYTES),
    });
  }

  /** Where thread `thread`'s gradient slot for step `step` starts in {@link GradientExchange.gradients}. */
  slotAt(step: number, thread: number): number {
    const { threads, parameters } = this.buffers;
    return ((step & 1) * threads + thread) * parameters;
  }

  /** Thread `thread`'s gradient slot for step `step`. */
  slot(step: number, thread: number): Float32Array {
    const start = this.slotAt(step, thread);
    return this.gradients.subarray(start, start + this.buffers.parameters);
  }

  /** The weights after update `update` (0: as training started), all variables flattened. */
  weightsAfter(update: number): Float32Array {
    const { parameters } = this.buffers;
    const start = (update & 1) * parameters;
    return this.weights.subarray(start, start + parameters);
  }

  /** Adam's first (`which` 0) or second (1) moments after update `update`, flattened. */
  momentsAfter(update: number, which: 0 | 1): Float32Array {
    const { parameters } = this.buffers;
    const start = (which * 2 + (update & 1)) * parameters;
    return this.moments.subarray(start, start + parameters);
  }

  writeStats(step: number, thread: number, stats: ShareStats): void {
    const at = ((step & 1) * this.buffers.threads + thread) * STATS_WORDS;
    this.stats[at] = stats.loss;
    this.stats[at + 1] = stats.correct;
    this.stats[at + 2] = stats.size;
  }

  /**
   * The whole batch's loss (the shares' mean losses weighted by their rows) and correct count,
   * summed in thread order; the loss is NaN when any share's was not finite.
   */
  batchStats(step: number): { loss: number; correct: number; finite: boolean } {
    const { threads } = this.buffers;
    let lossSum = 0;
    let correct = 0;
    let rows = 0;
    let finite = true;
    for (let t = 0; t < threads; t++) {
      const at = ((step & 1) * threads + t) * STATS_WORDS;
      const loss = this.stats[at]!;
      const size = this.stats[at + 2]!;
      if (size === 0) continue;
      if (!Number.isFinite(loss)) finite = false;
      lossSum += loss * size;
      correct += this.stats[at + 1]!;
      rows += size;
    }
    return { loss: finite ? lossSum / rows : Number.NaN, correct, finite };
  }

  /** Which threads had rows in step `step`. */
  contributing(step: number): boolean[] {
    const { threads } = this.buffers;
    return Array.from(
      { length: threads },
      (_, t) => this.stats[((step & 1) * threads + t) * STATS_WORDS + 2]! > 0,
    );
  }

  /** Records why thread `thread` failed, for the coordinator to report, and wakes everyone. */
  fail(thread: number, message: string): void {
    const bytes = new TextEncoder().encode(message).subarray(0, this.errorText.length);
    // TextEncoder cannot write into shared memory directly.
    this.errorText.fill(0);
    this.errorText.set(bytes);
    Atomics.store(this.control, CONTROL.failed, thread + 1);
    Atomics.notify(this.control, CONTROL.go);
    Atomics.notify(this.control, CONTROL.arrived);
  }

  /** The thread that failed and its message, or null. */
  failure(): { thread: number; message: string } | null {
    const failed = Atomics.load(this.control, CONTROL.failed);
    if (failed === 0) return null;
    const end = this.errorText.indexOf(0);
    const bytes = this.errorText.slice(0, end === -1 ? this.errorText.length : end);
    return { thread: failed - 1, message: new TextDecoder().decode(bytes) };
  }
}

/** Bytes in a WebAssembly page. */
const PAGE = 65536;

/** A new shared WebAssembly memory of at least `bytes` bytes, which cannot grow (zero-filled). */
function sharedMemory(bytes: number): WebAssembly.Memory {
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
}
