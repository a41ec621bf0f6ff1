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
  readonly gradients: SharedArrayBuffer;
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
 * order) and its loss and correct count. Slots come in two sets, by step parity: a thread that
 * passed step g's barrier may write step g + 1's slots while a slower one still sums step g's.
 */
export class GradientExchange {
  readonly control: Int32Array;
  readonly indices: Int32Array;
  private readonly gradients: Float32Array;
  private readonly stats: Float64Array;
  private readonly errorText: Uint8Array;

  constructor(readonly buffers: ExchangeBuffers) {
    this.control = new Int32Array(buffers.control);
    this.indices = new Int32Array(buffers.indices);
    this.gradients = new Float32Array(buffers.gradients);
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
      control: new SharedArrayBuffer(CONTROL_WORDS * 4),
      indices: new SharedArrayBuffer(maxBatch * 4),
      gradients: new SharedArrayBuffer(2 * threads * parameters * 4),
      stats: new SharedArrayBuffer(2 * threads * STATS_WORDS * 8),
      errorText: new SharedArrayBuffer(ERROR_BYTES),
    });
  }

  /** Thread `thread`'s gradient slot for step `step`. */
  slot(step: number, thread: number): Float32Array {
    const { threads, parameters } = this.buffers;
    const start = ((step & 1) * threads + thread) * parameters;
    return this.gradients.subarray(start, start + parameters);
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
