import * as tf from '@tensorflow/tfjs-core';
import type { SeededRandom } from './random';

/**
 * Inverted dropout as Keras applies it in training: each value is kept with probability
 * `1 - rate` and scaled by `1 / (1 - rate)`, otherwise zeroed.
 *
 * The mask comes from the trainer's own PRNG, so it differs every step yet follows the seed
 * (tfjs-layers' Dropout repeats one mask when seeded and uses Math.random otherwise). The mask
 * buffer is reused across steps; the tensor made from it lives only inside one step's tidy.
 */
export class SeededDropout {
  private values = new Float32Array(0);
  /** The draws as signed int32 (the same bits): compared as small integers, not doubles. */
  private bits = new Int32Array(0);
  private transposed = new Float32Array(0);
  private readonly threshold: number;
  private readonly scale: number;

  constructor(readonly rate: number) {
    // keep <=> uniform >= rate, compared on the PRNG's raw 32-bit output
    this.threshold = Math.ceil(rate * 4294967296);
    this.scale = 1 / (1 - rate);
  }

  /** `x * mask` with a fresh mask drawn from `random`; `x` of any shape, float32. */
  apply(x: tf.Tensor, random: SeededRandom): tf.Tensor {
    return tf.mul(x, this.mask(x.shape, random));
  }

  /** A fresh mask of `shape`: each element `1 / (1 - rate)` or 0, from `random`. */
  mask(shape: readonly number[], random: SeededRandom): tf.Tensor {
    const mask = this.draw(tf.util.sizeFromShape(shape as number[]), random);
    return tf.tensor(mask, shape as number[], 'float32');
  }

  /**
   * The mask {@link mask} would draw for a `[rows, cols]` activation, laid out transposed as
   * `[cols, rows]` to match `xT`, a `[cols, rows]` activation. The draws are the same as for the
   * untransposed activation, so a run does not depend on which layout the trainer uses.
   */
  transposedMask(xT: tf.Tensor, random: SeededRandom): tf.Tensor {
    const [cols, rows] = xT.shape as [number, number];
    const mask = this.draw(xT.size, random);
    const out =
      this.transposed.length < mask.length ? new Float32Array(mask.length) : this.transposed;
    this.transposed = out;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) out[c * rows + r] = mask[r * cols + c]!;
    }
    return tf.tensor(out.subarray(0, mask.length), [cols, rows], 'float32');
  }

  /** `size` mask values in draw order, in the reused buffer. */
  private draw(size: number, random: SeededRandom): Float32Array {
    if (this.values.length < size) {
      this.values = new Float32Array(size);
      this.bits = new Int32Array(size);
    }
    const mask = this.values.subarray(0, size);
    const bits = this.bits.subarray(0, size);
    random.fillUint32(bits);
    // A rate within 2^-32 of 1 drops everything: no 32-bit draw reaches 2^32.
    if (this.threshold > 0xffffffff) return mask.fill(0);
    // bits >= threshold as unsigned, compared as signed: flipping the top bit of both keeps order.
    const threshold = (this.threshold ^ 0x80000000) | 0;
    const scale = this.scale;
    for (let i = 0; i < size; i++) mask[i] = (bits[i]! ^ 0x80000000) >= threshold ? scale : 0;
    return mask;
  }
}
