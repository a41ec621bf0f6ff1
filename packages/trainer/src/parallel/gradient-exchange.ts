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
   * A shared WebAssembly memory (its buffer a `SharedArrayBuffer`) holding, as float32, the
   * gradient slots (two sets, by step parity), then one sum per thread: the sum loop runs in it in
   * place. Each slot and sum is {@link slotStride} floats long.
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
 * order), its loss and correct count, and a place to sum every thread's slot. Slots come in two
 * sets, by step parity, so that no thread overwrites a slot another is still summing.
 */
export class GradientExchange {
  readonly control: Int32Array;
  readonly indices: Int32Array;
  /** Every gradient slot: {@link GradientExchange.slotAt} says where one starts. */
  readonly gradients: Float32Array;
  /** Floats from one slot to the next: the parameters, rounded up to whole groups of 4. */
  readonly slotStride: number;
  /** Each thread's sum of the slots, {@link slotStride} floats apart. */
  private readonly sums: Float32Array;
  private readonly stats: Float64Array;
  private readonly errorText: Uint8Array;

  constructor(readonly buffers: ExchangeBuffers) {
    this.control = new Int32Array(buffers.control);
    this.indices = new Int32Array(buffers.indices);
    const { memory, threads } = buffers;
    this.slotStride = slotStride(buffers.parameters);
    const slots = 2 * threads * this.slotStride;
    this.gradients = new Float32Array(memory.buffer, 0, slots);
    this.sums = new Float32Array(memory.buffer, slots * 4, threads * this.slotStride);
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
      memory: sharedMemory(3 * threads * slotStride(parameters) * 4),
      stats: new SharedArrayBuffer(2 * threads * STATS_WORDS * 8),
      errorText: new SharedArrayBuffer(ERROR_BYTES),
    });
  }

  /** Where thread `thread`'s gradient slot for step `step` starts in {@link GradientExchange.gradients}. */
  slotAt(step: number, thread: number): number {
    return ((step & 1) * this.buffers.threads + thread) * this.slotStride;
  }

  /** Thread `thread`'s gradient slot for step `step`. */
  slot(step: number, thread: number): Float32Array {
    const start = this.slotAt(step, thread);
    return this.gradients.subarray(start, start + this.buffers.parameters);
  }

  /** Where thread `thread` sums the slots: its own, {@link GradientExchange.slotStride} floats. */
  sum(thread: number): Float32Array {
    const start = thread * this.slotStride;
    return this.sums.subarray(start, start + this.slotStride);
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

/** Floats from one gradient slot to the next: `parameters` in whole groups of 4, for the SIMD sum. */
function slotStride(parameters: number): number {
  return Math.ceil(parameters / 4) * 4;
}

/** Bytes in a WebAssembly page. */
const PAGE = 65536;

/** A new shared WebAssembly memory of at least `bytes` bytes, which cannot grow (zero-filled). */
function sharedMemory(bytes: number): WebAssembly.Memory {
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
}
