import type { MaskRandom } from '@mnist-wasm/model';
import { SeededRandom } from '../random';

/**
 * The dropout draws of one thread's share of a batch, exactly those one thread training the whole
 * batch would use for those rows: every mask request of the forward pass (`[rows, ...]`, rows
 * first) draws the whole batch's mask from the run's dropout stream, as the single-threaded step
 * does, and hands back the share's rows. Every thread draws every mask, so the streams stay in
 * step; only the rows used differ.
 */
export class ShareMaskRandom implements MaskRandom {
  private batch = 0;
  private start = 0;
  private size = 0;
  private scratch = new Int32Array(0);
  /** Values per row of each mask request of a forward pass, in order, learnt from the first. */
  private readonly rowLengths: number[] = [];
  private call = 0;

  constructor(private readonly stream: SeededRandom) {}

  /** Starts a forward pass over rows `start` to `start + size - 1` of a batch of `batch` rows. */
  begin(batch: number, start: number, size: number): void {
    this.batch = batch;
    this.start = start;
    this.size = size;
    this.call = 0;
  }

  fillUint32(out: Int32Array): void {
    const rowLength = out.length / this.size;
    const whole = this.draw(this.batch * rowLength);
    out.set(whole.subarray(this.start * rowLength, (this.start + this.size) * rowLength));
    if (this.rowLengths.length === this.call) this.rowLengths.push(rowLength);
    this.call++;
  }

  /**
   * Draws a batch's masks without a forward pass, for a thread whose share of a batch is empty:
   * the mask sizes are those of the passes before (the run's first batch gives every thread rows,
   * so there is one), and the thread's stream stays in step.
   */
  skip(batch: number): void {
    for (const rowLength of this.rowLengths) this.draw(batch * rowLength);
  }

  private draw(count: number): Int32Array {
    if (this.scratch.length < count) this.scratch = new Int32Array(count);
    const values = this.scratch.subarray(0, count);
    this.stream.fillUint32(values);
    return values;
  }
}

/**
 * The dropout stream of a run of `seed`, as `train` derives it for its step (the second fork of
 * the seed's generator, after the shuffling's): each thread makes its own, all in step.
 */
export function dropoutStream(seed: number): SeededRandom {
  const random = new SeededRandom(seed);
  random.fork();
  return random.fork();
}
